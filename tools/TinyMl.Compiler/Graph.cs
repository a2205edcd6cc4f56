using System;
using System.Collections.Generic;
using TinyMl.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>A tensor of the lowered model: an activation, a constant or a resource variable.</summary>
    internal sealed class GraphTensor
    {
        public int Id;
        public string Name = "";
        public TensorType Type;
        /// <summary>TFLite shape (rank 0 = scalar).</summary>
        public int[] Shape = Array.Empty<int>();
        public float Scale;
        public int ZeroPoint;
        /// <summary>Constant bytes, or null for activations and variables.</summary>
        public byte[]? Data;
        public bool IsVariable;
        /// <summary>TFLite tensor index and subgraph it stands for; -1 for tensors the compiler made.</summary>
        public int TfliteIndex = -1;
        public int TfliteSubgraph;
        public bool IsConstant => Data != null;
    }

    /// <summary>One layer as lowered from a TFLite operator, before placement.</summary>
    internal sealed class LayerPlan
    {
        public readonly OpEntry Entry;
        public readonly TfliteOperator Source;
        /// <summary>0 main subgraph, 1 init subgraph.</summary>
        public int Subgraph;
        /// <summary>Input list; null = an optional input left out.</summary>
        public readonly List<GraphTensor?> Inputs = new();
        public readonly List<GraphTensor> Outputs = new();
        public int[]? Multipliers;
        public int[]? Shifts;
        public long Macs;
        /// <summary>Bytes of scratch the runtime's kernel takes at the top of the arena.</summary>
        public int ScratchBytes;
        private readonly int?[] _fixed;
        private readonly Dictionary<string, int[]> _tail = new();

        public LayerPlan(string op, TfliteOperator source)
        {
            Entry = OpTable.Get(op);
            Source = source;
            _fixed = new int?[Entry.ParamWords];
        }

        public string Op => Entry.Name;

        /// <summary>A row strip of this layer (patch-based execution, PatchPlanner): layer flag
        /// TNM_LAYER_STRIP; -1 for an ordinary layer, else the strip's number.</summary>
        public int Strip = -1;
        /// <summary>The layer of the lowered model this strip computes rows of (null: itself).</summary>
        public LayerPlan? StripOf;

        /// <summary>A convolution whose window geometry is neither SAME nor VALID (a phase of a
        /// lowered TRANSPOSE_CONV): layer flag TNM_LAYER_STRIP, never in place or in strips.</summary>
        public bool ExplicitWindow;

        /// <summary>A copy with the same operator, parameters, quantization and inputs (the
        /// caller replaces what differs).</summary>
        public LayerPlan Clone()
        {
            var c = new LayerPlan(Entry.Name, Source) { Subgraph = Subgraph, Multipliers = Multipliers, Shifts = Shifts, Macs = Macs, ScratchBytes = ScratchBytes, ExplicitWindow = ExplicitWindow };
            Array.Copy(_fixed, c._fixed, _fixed.Length);
            foreach (var kv in _tail) c._tail[kv.Key] = kv.Value;
            c.Inputs.AddRange(Inputs);
            c.Outputs.AddRange(Outputs);
            return c;
        }

        /// <summary>A fixed parameter word by its name (it must have been set).</summary>
        public int Get(string name)
        {
            int i = Entry.FixedIndex(name);
            if (i < 0 || _fixed[i] == null) throw new InvalidOperationException($"{Entry.Name} parameter {name} is not set");
            return _fixed[i]!.Value;
        }

        /// <summary>Sets a fixed parameter word by its name in tnm_ops.def.</summary>
        public LayerPlan Param(string name, int value)
        {
            int i = Entry.FixedIndex(name);
            if (i < 0) throw new InvalidOperationException($"{Entry.Name} has no parameter {name} in tnm_ops.def");
            _fixed[i] = value;
            return this;
        }

        /// <summary>Sets a tail array (`name[count]` in tnm_ops.def).</summary>
        public LayerPlan ParamArray(string name, int[] values)
        {
            if (!Entry.HasTail || !HasArray(name))
                throw new InvalidOperationException($"{Entry.Name} has no parameter array {name} in tnm_ops.def");
            _tail[name] = values;
            return this;
        }

        private bool HasArray(string name)
        {
            foreach (string p in Entry.Params) if (p.StartsWith(name + "[", StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>The parameter block in table order: every fixed word must have been set.</summary>
        public int[] ParamBlock()
        {
            var words = new List<int>();
            for (int i = 0; i < _fixed.Length; i++)
            {
                if (_fixed[i] == null)
                    throw new InvalidOperationException($"{Entry.Name} parameter {Entry.Params[i]} was not set");
                words.Add(_fixed[i]!.Value);
            }
            for (int i = Entry.ParamWords; i < Entry.Params.Count; i++)
            {
                string field = Entry.Params[i];
                int bracket = field.IndexOf('[', StringComparison.Ordinal);
                string name = bracket < 0 ? field : field.Substring(0, bracket);
                if (!_tail.TryGetValue(name, out int[]? values))
                    throw new InvalidOperationException($"{Entry.Name} parameter array {name} was not set");
                if (bracket >= 0)
                {
                    string countName = field.Substring(bracket + 1, field.Length - bracket - 2);
                    int k = Entry.FixedIndex(countName);
                    if (k < 0 || _fixed[k] != values.Length)
                        throw new InvalidOperationException($"{Entry.Name} parameter array {name} has {values.Length} entries, {countName} says otherwise");
                }
                words.AddRange(values);
            }
            return words.ToArray();
        }
    }
}
