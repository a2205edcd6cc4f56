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

        /// <summary>Several operators at once: one line each in <see cref="Problems"/>.</summary>
        public ModelCompileException(System.Collections.Generic.IReadOnlyList<string> problems)
            : base(problems.Count == 1 ? problems[0]
                : problems.Count + " operators cannot be compiled:" + System.Environment.NewLine + "  " + string.Join(System.Environment.NewLine + "  ", problems))
        {
            Problems = problems;
        }

        /// <summary>Every problem found, one per operator (name, index and what is missing).</summary>
        public System.Collections.Generic.IReadOnlyList<string> Problems { get; }
    }
}
