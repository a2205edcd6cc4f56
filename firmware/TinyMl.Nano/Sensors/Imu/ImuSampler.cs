using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// Reads windows of N contiguous 3-axis samples from an accelerometer FIFO into a caller
    /// buffer, and turns every failure into a <see cref="SensorFault"/> event instead of an
    /// exception, so an anomaly-detection loop keeps running through a loose wire or a brown-out:
    /// <code>
    /// var sampler = new ImuSampler(new Mpu6886(bus), AccelerometerRange.Range4G, 1000, new ThreadDelay());
    /// sampler.SensorFault += (s, e) => Debug.WriteLine(e.Message);
    /// while (true) { if (sampler.ReadWindow(window, 0, 256)) { /* features, model */ } }
    /// </code>
    /// </summary>
    /// <remarks>
    /// The sensor is started on the first window. After a bus, identity or stall fault it is
    /// started again (reset and reconfigured) on the next window; after a FIFO overflow only the
    /// FIFO was reset. Consecutive windows are contiguous in time unless a fault came between.
    /// Argument errors (null buffer, window outside it) still throw: they are bugs, not faults.
    /// </remarks>
    public sealed class ImuSampler
    {
        private readonly IAccelerometerFifo _sensor;
        private readonly AccelerometerRange _range;
        private readonly int _sampleRateHz;
        private readonly IDelay _delay;
        private int _stallTimeoutMilliseconds;
        private bool _running;
        private int _faultCount;
        private int _consecutiveFaults;
        private int _windowCount;

        /// <summary>
        /// Creates a sampler; nothing is sent to the sensor until the first
        /// <see cref="ReadWindow"/>. <paramref name="delay"/> paces the FIFO polls.
        /// </summary>
        public ImuSampler(IAccelerometerFifo sensor, AccelerometerRange range, int sampleRateHz, IDelay delay)
        {
            if (sensor == null)
            {
                throw new ArgumentNullException("sensor");
            }

            if (delay == null)
            {
                throw new ArgumentNullException("delay");
            }

            if (sampleRateHz < MpuAccelerometer.MinSampleRateHz || sampleRateHz > MpuAccelerometer.MaxSampleRateHz)
            {
                throw new ArgumentOutOfRangeException("sampleRateHz");
            }

            _sensor = sensor;
            _range = range;
            _sampleRateHz = sampleRateHz;
            _delay = delay;

            // Long enough for a few samples at the slowest rate, short enough to notice a dead chip.
            int threePeriods = 3 * 1000 / sampleRateHz + 1;
            _stallTimeoutMilliseconds = threePeriods > 250 ? threePeriods : 250;
        }

        /// <summary>Raised (on the reading thread) for each fault; the window in progress is dropped.</summary>
        public event SensorFaultEventHandler SensorFault;

        /// <summary>Time without a new sample after which the sensor is declared stalled (ms).</summary>
        public int StallTimeoutMilliseconds
        {
            get
            {
                return _stallTimeoutMilliseconds;
            }

            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value", "stall timeout must be at least 1 ms");
                }

                _stallTimeoutMilliseconds = value;
            }
        }

        /// <summary>Faults reported since construction.</summary>
        public int FaultCount
        {
            get { return _faultCount; }
        }

        /// <summary>Faults since the last complete window.</summary>
        public int ConsecutiveFaults
        {
            get { return _consecutiveFaults; }
        }

        /// <summary>Complete windows read since construction.</summary>
        public int WindowCount
        {
            get { return _windowCount; }
        }

        /// <summary>True while the sensor is started and no fault asked for a restart.</summary>
        public bool IsRunning
        {
            get { return _running; }
        }

        /// <summary>
        /// Fills window[offset .. offset + 3 * sampleCount) with sampleCount samples in g, x, y, z
        /// interleaved. Returns true for a complete window; false after a fault, which was reported
        /// through <see cref="SensorFault"/> (call again to go on). Blocks about
        /// sampleCount / rate seconds, never longer than a stall timeout without new samples.
        /// </summary>
        public bool ReadWindow(float[] window, int offset, int sampleCount)
        {
            if (window == null)
            {
                throw new ArgumentNullException("window");
            }

            if (sampleCount < 1 || offset < 0 || offset > window.Length - 3 * sampleCount)
            {
                throw new ArgumentOutOfRangeException("sampleCount", "window of " + sampleCount.ToString()
                    + " samples at offset " + offset.ToString() + " does not fit a buffer of " + window.Length.ToString());
            }

            if (!_running)
            {
                try
                {
                    _sensor.Start(_range, _sampleRateHz);
                    _running = true;
                }
                catch (Exception e)
                {
                    ReportException("starting the sensor", e);
                    return false;
                }
            }

            double rate = _sensor.SampleRateHz;
            int halfFifoMs = (int)(_sensor.FifoCapacitySamples * 500 / rate);
            if (halfFifoMs < 1)
            {
                halfFifoMs = 1;
            }

            int got = 0;
            int idleMs = 0;
            while (got < sampleCount)
            {
                int n;
                try
                {
                    n = _sensor.ReadFifo(window, offset + 3 * got, sampleCount - got);
                }
                catch (Exception e)
                {
                    _running = false;
                    ReportException("reading the FIFO", e);
                    return false;
                }

                if (n == MpuAccelerometer.FifoDataLost)
                {
                    Report(SensorFaultKind.FifoOverflow, "accelerometer FIFO overflowed or lost alignment after "
                        + got.ToString() + " of " + sampleCount.ToString() + " samples; window dropped", null);
                    return false;
                }

                if (n > 0)
                {
                    got += n;
                    idleMs = 0;
                    continue;
                }

                if (idleMs >= _stallTimeoutMilliseconds)
                {
                    _running = false;
                    Report(SensorFaultKind.Stalled, "no accelerometer sample for " + idleMs.ToString()
                        + " ms (sensor asleep or reset?); restarting it", null);
                    return false;
                }

                // Sleep until the rest of the window should be there, but wake before the FIFO is half full.
                int waitMs = (int)((sampleCount - got) * 1000 / rate) + 1;
                if (waitMs > halfFifoMs)
                {
                    waitMs = halfFifoMs;
                }

                _delay.Sleep(waitMs);
                idleMs += waitMs;
            }

            _consecutiveFaults = 0;
            _windowCount++;
            return true;
        }

        private void ReportException(string doing, Exception e)
        {
            SensorFaultKind kind = SensorFaultKind.Other;
            if (e is I2cException)
            {
                kind = SensorFaultKind.BusError;
            }
            else if (e is SensorIdentityException)
            {
                kind = SensorFaultKind.WrongIdentity;
            }

            _running = false;
            Report(kind, "accelerometer fault while " + doing + ": " + e.Message, e);
        }

        private void Report(SensorFaultKind kind, string message, Exception e)
        {
            _faultCount++;
            _consecutiveFaults++;
            SensorFaultEventHandler handler = SensorFault;
            if (handler != null)
            {
                handler(this, new SensorFaultEventArgs(kind, message, e, _consecutiveFaults));
            }
        }
    }
}
