using System;
using System.Threading;

namespace TinyMl.Nano.Hardware
{
    /// <summary>Real waiting with Thread.Sleep (on the device it lets other managed threads run).</summary>
    public sealed class ThreadDelay : IDelay
    {
        /// <inheritdoc/>
        public void Sleep(int milliseconds)
        {
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("milliseconds");
            }

            Thread.Sleep(milliseconds);
        }
    }
}
