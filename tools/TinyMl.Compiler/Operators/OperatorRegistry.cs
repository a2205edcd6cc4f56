using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>Lowers one TFLite operator into layers of the blob (tnm_ops.def operators).</summary>
    internal interface IOperatorLowering
    {
        void Lower(LoweringContext ctx, TfliteOperator op);
    }

    /// <summary>
    /// Marks a lowering class: the TFLite builtin operator it lowers and the runtime operators
    /// (tnm_ops.def names) it emits. `Variant`, when set, is passed to the class's constructor
    /// (one class for a small family, e.g. ADD and SUB). Adding an operator is one file.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
    internal sealed class LowersAttribute : Attribute
    {
        public LowersAttribute(int builtin, params string[] emits)
        {
            Builtin = builtin;
            Emits = emits;
        }

        public int Builtin { get; }
        public string[] Emits { get; }
        public string? Variant { get; set; }
        /// <summary>Highest rank of the operator's tensors, as TFLite Micro's kernel takes it
        /// (4 unless set); a model with more is refused naming the operator and the rank.</summary>
        public int MaxRank { get; set; } = 4;
    }

    /// <summary>
    /// The TFLite operators the compiler accepts: every [Lowers] class of this assembly. An
    /// operator whose runtime operators are not all in tnm_ops.def is not offered.
    /// </summary>
    internal static class OperatorRegistry
    {
        private sealed record Entry(int Builtin, IOperatorLowering Lowering, string[] Emits, int MaxRank);

        private static readonly Lazy<List<Entry>> All = new(() =>
        {
            var list = new List<Entry>();
            foreach (Type type in typeof(OperatorRegistry).Assembly.GetTypes())
            {
                if (!typeof(IOperatorLowering).IsAssignableFrom(type) || type.IsAbstract) continue;
                foreach (LowersAttribute a in type.GetCustomAttributes(typeof(LowersAttribute), false))
                {
                    var lowering = (IOperatorLowering)(a.Variant == null
                        ? Activator.CreateInstance(type)!
                        : Activator.CreateInstance(type, a.Variant)!);
                    if (a.MaxRank < 0 || a.MaxRank > BlobFormat.MaxRank)
                        throw new InvalidOperationException($"{BuiltinOperator.Name(a.Builtin)}: MaxRank {a.MaxRank} beyond the blob's {BlobFormat.MaxRank}");
                    list.Add(new Entry(a.Builtin, lowering, a.Emits, a.MaxRank));
                }
            }
            // Table order for messages: by the code of the first runtime operator emitted.
            return list.OrderBy(e => e.Emits.Length > 0 && OpTable.Find(e.Emits[0]) != null ? OpTable.Find(e.Emits[0])!.Code : int.MaxValue)
                       .ThenBy(e => e.Builtin).ToList();
        });

        private static readonly Lazy<Dictionary<int, IOperatorLowering>> Available = new(() =>
        {
            var map = new Dictionary<int, IOperatorLowering>();
            foreach (Entry e in All.Value)
            {
                if (map.ContainsKey(e.Builtin))
                    throw new InvalidOperationException($"two lowerings for {BuiltinOperator.Name(e.Builtin)}");
                if (e.Emits.All(name => OpTable.Find(name) != null)) map[e.Builtin] = e.Lowering;
            }
            return map;
        });

        /// <summary>Highest tensor rank the operator takes (its [Lowers] MaxRank); 0 when unknown.</summary>
        public static int MaxRank(int builtinCode) =>
            All.Value.FirstOrDefault(e => e.Builtin == builtinCode)?.MaxRank ?? 0;

        public static IOperatorLowering? Find(int builtinCode) =>
            Available.Value.TryGetValue(builtinCode, out IOperatorLowering? l) ? l : null;

        /// <summary>TFLite names of the operators the compiler accepts, in table order.</summary>
        public static IReadOnlyList<string> SupportedNames =>
            All.Value.Where(e => Available.Value.ContainsKey(e.Builtin)).Select(e => BuiltinOperator.Name(e.Builtin)).ToArray();
    }
}
