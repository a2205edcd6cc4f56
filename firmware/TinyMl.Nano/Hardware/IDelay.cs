namespace TinyMl.Nano.Hardware
{
    /// <summary>
    /// Waits a number of milliseconds. Drivers wait through this (after a reset, between FIFO
    /// polls) so host tests and simulations can run without real time passing.
    /// </summary>
    public interface IDelay
    {
        /// <summary>Waits at least <paramref name="milliseconds"/> ms (0 yields).</summary>
        void Sleep(int milliseconds);
    }
}
