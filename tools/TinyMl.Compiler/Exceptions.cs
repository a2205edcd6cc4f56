using System;

namespace TinyMl.Compiler
{
    /// <summary>The model is well-formed but TinyMl.Nano cannot compile it (unsupported
    /// operator, type, shape or quantization). The message names the operator and what is missing.</summary>
    public sealed class ModelCompileException : Exception
    {
        public ModelCompileException(string message) : base(message)
        {
            Problems = new[] { message };
        }

        /// <summary>Several operators at once: one line each in <see cref="Problems"/>; <paramref name="note"/>
        /// (for example the supported operators) is said once, after them.</summary>
        public ModelCompileException(System.Collections.Generic.IReadOnlyList<string> problems, string? note = null)
            : base(problems.Count == 1 ? problems[0] + (note == null ? "" : "; " + note)
                : problems.Count + " operators cannot be compiled:" + System.Environment.NewLine + "  " + string.Join(System.Environment.NewLine + "  ", problems)
                  + (note == null ? "" : System.Environment.NewLine + note))
        {
            Problems = problems;
        }

        /// <summary>Every problem found, one per operator (name, index and what is missing).</summary>
        public System.Collections.Generic.IReadOnlyList<string> Problems { get; }
    }
}
