using System;
using System.Collections.Generic;

namespace TinyMl.Simulation
{
    /// <summary>A fault the <see cref="MachineSimulator"/> can add.</summary>
    public enum FaultKind
    {
        /// <summary>No fault: the healthy machine.</summary>
        None,

        /// <summary>A rotating 1x force in the radial plane, growing with the square of the speed.</summary>
        Imbalance,

        /// <summary>Strong 2x radially and 1x + 2x axially (angular and parallel shaft misalignment).</summary>
        Misalignment,

        /// <summary>Impacts at the outer-race defect frequency (BPFO), ringing at the bearing's resonance, modulated once per turn.</summary>
        BearingOuterRace,

        /// <summary>Half and whole harmonics up to 6x, clipped on one side (a part hitting its stop).</summary>
        Looseness,
    }

    /// <summary>How far a fault has developed.</summary>
    public enum FaultSeverity
    {
        /// <summary>An early fault: 0.2 of the severe level.</summary>
        Incipient,

        /// <summary>0.5 of the severe level.</summary>
        Moderate,

        /// <summary>A clearly faulty machine (level 1).</summary>
        Severe,
    }

    /// <summary>
    /// Physical properties of one simulated machine and its sensor mounting, drawn from a seed:
    /// different machines of the same type differ in vibration levels, mounting gain per axis,
    /// mounting resonance, bearing resonance, sensor noise and drift.
    /// </summary>
    public sealed class MachineProperties
    {
        /// <summary>Accelerometer sample rate (Hz).</summary>
        public const double SampleRateHz = 1000;

        /// <summary>Shaft speed range of the operating profiles (Hz): 1200 to 3600 rpm.</summary>
        public const double MinSpeedHz = 20, MaxSpeedHz = 60;

        /// <summary>Speed at which the healthy levels below are given (Hz).</summary>
        public const double ReferenceSpeedHz = 40;

        /// <summary>Outer-race defect frequency as a multiple of the shaft speed (6205 bearing).</summary>
        public const double BpfoOrder = 3.58;

        /// <summary>Draws a machine; the same seed gives the same machine.</summary>
        public MachineProperties(int seed)
        {
            var r = new Random(seed);
            Seed = seed;
            OneXG = 0.05 * Uniform(r, 0.6, 1.6);
            HarmonicRatio = new[] { 1.0, Uniform(r, 0.25, 0.6), Uniform(r, 0.1, 0.35) };
            AxisGain = new[] { Uniform(r, 0.6, 1.5), Uniform(r, 0.6, 1.5), Uniform(r, 0.3, 0.8) };
            HarmonicPhase = new double[9];
            for (int i = 0; i < HarmonicPhase.Length; i++) HarmonicPhase[i] = 2 * Math.PI * r.NextDouble();
            ProcessNoiseG = 0.01 * Uniform(r, 0.5, 1.5);
            MountingResonanceHz = Uniform(r, 150, 420);
            MountingQ = Uniform(r, 4, 12);
            MountingResonanceGain = Uniform(r, 0.5, 3.0);
            BearingResonanceHz = Uniform(r, 260, 460);
            SensorNoiseG = Uniform(r, 0.004, 0.015);
            OffsetDriftG = Uniform(r, 0.01, 0.08);
            OffsetDriftPeriodS = Uniform(r, 60, 300);
            GainDrift = Uniform(r, 0.0, 0.05);
            GainDriftPeriodS = Uniform(r, 120, 600);
        }

        public int Seed { get; }

        /// <summary>Healthy 1x acceleration amplitude at the reference speed (g) before the mounting gain.</summary>
        public double OneXG { get; }

        /// <summary>1x, 2x, 3x amplitudes relative to 1x.</summary>
        public double[] HarmonicRatio { get; }

        /// <summary>Mounting gain of x, y (radial) and z (axial).</summary>
        public double[] AxisGain { get; }

        /// <summary>Phase per axis and harmonic (axis-major).</summary>
        public double[] HarmonicPhase { get; }

        /// <summary>Broadband process noise (flow, friction) RMS at the reference speed and full load (g).</summary>
        public double ProcessNoiseG { get; }

        public double MountingResonanceHz { get; }
        public double MountingQ { get; }

        /// <summary>How much the mounting resonance adds on top of the direct path (band-pass gain).</summary>
        public double MountingResonanceGain { get; }

        /// <summary>Frequency the bearing impacts ring at (Hz).</summary>
        public double BearingResonanceHz { get; }

        /// <summary>White sensor noise RMS per axis (g).</summary>
        public double SensorNoiseG { get; }

        /// <summary>Amplitude and period of the slow offset drift (g, s).</summary>
        public double OffsetDriftG { get; }
        public double OffsetDriftPeriodS { get; }

        /// <summary>Relative amplitude and period of the slow sensitivity drift (temperature).</summary>
        public double GainDrift { get; }
        public double GainDriftPeriodS { get; }

        private static double Uniform(Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();
    }

    /// <summary>
    /// Speed and load over time: segments of 2 to 8 s that hold, ramp linearly or step to a new
    /// speed in [MinSpeedHz, MaxSpeedHz], and load steps in [0.2, 1]. Drawn from a seed.
    /// </summary>
    public sealed class OperatingProfile
    {
        private readonly List<double> _start = new(), _end = new(), _speedFrom = new(), _speedTo = new(), _load = new();
        private readonly Random _random;

        public OperatingProfile(int seed)
        {
            _random = new Random(seed);
            double speed = Uniform(MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz);
            _start.Add(0);
            _end.Add(Uniform(2, 8));
            _speedFrom.Add(speed);
            _speedTo.Add(speed);
            _load.Add(Uniform(0.2, 1));
        }

        /// <summary>Shaft speed (Hz) and load (0..1) at time t (s); the profile extends itself as far as asked.</summary>
        public void At(double t, out double speedHz, out double load)
        {
            while (_end[^1] <= t) Extend();
            int i = _start.Count - 1;
            while (_start[i] > t) i--;
            double x = (t - _start[i]) / (_end[i] - _start[i]);
            speedHz = _speedFrom[i] + (_speedTo[i] - _speedFrom[i]) * x;
            load = _load[i];
        }

        private void Extend()
        {
            double from = _speedTo[^1];
            double start = _end[^1];
            double kind = _random.NextDouble();
            double target = Uniform(MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz);
            double load = _random.NextDouble() < 0.5 ? _load[^1] : Uniform(0.2, 1);
            double duration = Uniform(2, 8);
            if (kind < 0.35)
            {
                target = from; // hold
            }
            else if (kind < 0.7)
            {
                from = target; // step: the new speed from the segment's start
            }
            // else ramp from the previous speed to the target
            _start.Add(start);
            _end.Add(start + duration);
            _speedFrom.Add(from);
            _speedTo.Add(target);
            _load.Add(load);
        }

        private double Uniform(double lo, double hi) => lo + (hi - lo) * _random.NextDouble();
    }

    /// <summary>
    /// 3-axis vibration in g (x/y/z interleaved, 1 kHz) of a machine running through an
    /// <see cref="OperatingProfile"/>, with an optional fault at a severity. The shaft phase is
    /// integrated from the speed, so ramps and steps are continuous in phase. The signal:
    /// healthy 1x..3x harmonics (1x ∝ speed², 2x/3x ∝ speed and load), broadband process noise
    /// (∝ speed and load), the fault, all through the mounting (per-axis gain + a resonance),
    /// then sensor gain drift, offset drift, gravity on z and white sensor noise.
    /// </summary>
    /// <remarks>
    /// The machine, the profile, the noise and the fault draw from separate random streams, so
    /// for the same seeds a faulty run is exactly the healthy run plus the (filtered) fault.
    /// </remarks>
    public sealed class MachineSimulator
    {
        /// <summary>Fault level of each severity, relative to severe.</summary>
        public static double SeverityLevel(FaultSeverity s) => s switch
        {
            FaultSeverity.Incipient => 0.2,
            FaultSeverity.Moderate => 0.5,
            _ => 1.0,
        };

        private const double BearingDamping = 0.08;
        private static readonly double[] LoosenessOrders = { 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6 };

        private readonly MachineProperties _machine;
        private readonly OperatingProfile _profile;
        private readonly FaultKind _fault;
        private readonly double _level;
        private readonly Random _noise;
        private readonly Random _faultRandom;
        private readonly double[] _loosePhase = new double[LoosenessOrders.Length];
        private readonly double _faultPhase;
        private readonly List<double> _impactStart = new(), _impactAmplitude = new();

        // Mounting band-pass (RBJ, constant 0 dB peak) state per axis.
        private readonly double _b0, _a1, _a2;
        private readonly double[] _x1 = new double[3], _x2 = new double[3], _y1 = new double[3], _y2 = new double[3];
        private readonly double _offsetPhase;

        private long _index;
        private double _shaftPhase; // turns
        private double _racePhase;  // BPFO cycles
        private double _nextImpact;

        /// <param name="machine">The machine (seeded by the machine's id).</param>
        /// <param name="runSeed">Seeds the operating profile and the noise of this run.</param>
        /// <param name="fault">The fault to add (None: healthy).</param>
        /// <param name="severity">Its severity (ignored for None).</param>
        public MachineSimulator(MachineProperties machine, int runSeed, FaultKind fault, FaultSeverity severity)
        {
            ArgumentNullException.ThrowIfNull(machine);
            if (!Enum.IsDefined(fault)) throw new ArgumentOutOfRangeException(nameof(fault), $"unknown fault {fault}");
            if (!Enum.IsDefined(severity)) throw new ArgumentOutOfRangeException(nameof(severity), $"unknown severity {severity}");
            _machine = machine;
            _profile = new OperatingProfile(unchecked(runSeed * 7919 + 1));
            _noise = new Random(unchecked(runSeed * 7919 + 2));
            _faultRandom = new Random(unchecked(runSeed * 7919 + 3 + machine.Seed * 13));
            _fault = fault;
            _level = fault == FaultKind.None ? 0 : SeverityLevel(severity);
            for (int i = 0; i < _loosePhase.Length; i++) _loosePhase[i] = 2 * Math.PI * _faultRandom.NextDouble();
            _faultPhase = 2 * Math.PI * _faultRandom.NextDouble();
            _nextImpact = _faultRandom.NextDouble();
            _offsetPhase = 2 * Math.PI * new Random(machine.Seed ^ 0x5bd1e995).NextDouble();

            double w0 = 2 * Math.PI * machine.MountingResonanceHz / MachineProperties.SampleRateHz;
            double alpha = Math.Sin(w0) / (2 * machine.MountingQ);
            double a0 = 1 + alpha;
            _b0 = alpha / a0;
            _a1 = -2 * Math.Cos(w0) / a0;
            _a2 = (1 - alpha) / a0;
        }

        public MachineProperties Machine => _machine;
        public OperatingProfile Profile => _profile;

        /// <summary>Time of the next sample (s).</summary>
        public double Time => _index / MachineProperties.SampleRateHz;

        /// <summary>Returns the next samples (x/y/z interleaved, g).</summary>
        public float[] Generate(int samples)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(samples);
            var v = new float[samples * 3];
            Generate(v);
            return v;
        }

        /// <summary>Fills destination (a multiple of 3 values) with the next samples.</summary>
        public void Generate(Span<float> destination)
        {
            if (destination.Length % 3 != 0)
                throw new ArgumentException($"destination length {destination.Length} is not a multiple of 3 (x, y, z per sample)", nameof(destination));
            const double fs = MachineProperties.SampleRateHz;
            MachineProperties m = _machine;
            Span<double> mech = stackalloc double[3];
            for (int i = 0; i < destination.Length; i += 3)
            {
                double t = _index / fs;
                _profile.At(t, out double speed, out double load);
                double rel = speed / MachineProperties.ReferenceSpeedHz;
                double theta = 2 * Math.PI * _shaftPhase;

                // Healthy: 1x from residual imbalance (∝ speed²), 2x/3x from the drive (∝ speed, more with load).
                for (int axis = 0; axis < 3; axis++)
                {
                    double v = 0;
                    for (int h = 0; h < 3; h++)
                    {
                        double scale = h == 0 ? rel * rel : rel * (0.5 + load);
                        v += m.OneXG * m.HarmonicRatio[h] * scale * Math.Sin((h + 1) * theta + m.HarmonicPhase[axis * 3 + h]);
                    }
                    v += m.ProcessNoiseG * rel * (0.3 + 0.7 * load) * Gaussian(_noise);
                    mech[axis] = v;
                }

                AddFault(t, speed, rel, load, theta, mech);

                // Mounting: per-axis gain plus the structural resonance; then the sensor.
                double gain = 1 + m.GainDrift * Math.Sin(2 * Math.PI * t / m.GainDriftPeriodS);
                for (int axis = 0; axis < 3; axis++)
                {
                    double x = mech[axis];
                    double bp = _b0 * x - _b0 * _x2[axis] - _a1 * _y1[axis] - _a2 * _y2[axis];
                    _x2[axis] = _x1[axis];
                    _x1[axis] = x;
                    _y2[axis] = _y1[axis];
                    _y1[axis] = bp;
                    double mounted = m.AxisGain[axis] * (x + m.MountingResonanceGain * bp);
                    double offset = m.OffsetDriftG * Math.Sin(2 * Math.PI * t / m.OffsetDriftPeriodS + _offsetPhase + axis);
                    double gravity = axis == 2 ? 1.0 : 0.0;
                    destination[i + axis] = (float)(gain * (mounted + gravity) + offset + m.SensorNoiseG * Gaussian(_noise));
                }

                _shaftPhase += speed / fs;
                _racePhase += MachineProperties.BpfoOrder * speed / fs;
                _index++;
            }
        }

        private void AddFault(double t, double speed, double rel, double load, double theta, Span<double> mech)
        {
            if (_level == 0) return;
            double a1 = _machine.OneXG;
            switch (_fault)
            {
                case FaultKind.Imbalance:
                {
                    double a = _level * 3 * a1 * rel * rel;
                    mech[0] += a * Math.Sin(theta + _faultPhase);
                    mech[1] += a * Math.Cos(theta + _faultPhase);
                    mech[2] += 0.1 * a * Math.Sin(theta + _faultPhase);
                    break;
                }
                case FaultKind.Misalignment:
                {
                    double a = _level * 2.5 * a1 * rel * (0.5 + load);
                    mech[0] += 0.6 * a * Math.Sin(2 * theta + _faultPhase);
                    mech[1] += 0.6 * a * Math.Sin(2 * theta + _faultPhase + 0.5 * Math.PI);
                    mech[2] += a * (0.8 * Math.Sin(theta + _faultPhase) + Math.Sin(2 * theta + 1.3 * _faultPhase));
                    break;
                }
                case FaultKind.BearingOuterRace:
                    mech[0] += Bearing(t, speed, rel, load, theta);
                    mech[1] += 0.6 * _lastRing;
                    mech[2] += 0.3 * _lastRing;
                    break;
                case FaultKind.Looseness:
                {
                    double level = _level * 2.5 * a1 * rel * rel;
                    double v = 0;
                    for (int k = 0; k < LoosenessOrders.Length; k++)
                    {
                        double order = LoosenessOrders[k];
                        double w = (order % 1 != 0 ? 0.6 : 1.0) / Math.Sqrt(order);
                        v += w * Math.Sin(order * theta + _loosePhase[k]);
                    }
                    v = Math.Min(v, 1.0) * level;
                    mech[1] += v;
                    mech[0] += 0.5 * v;
                    mech[2] += 0.2 * v;
                    break;
                }
            }
        }

        private double _lastRing;

        private double Bearing(double t, double speed, double rel, double load, double theta)
        {
            // An impact each time the rolling elements pass the defect (BPFO cycles), with 1 %
            // slip jitter, amplitude ∝ speed, more with load, modulated once per turn.
            while (_racePhase >= _nextImpact)
            {
                double modulation = 1 + 0.5 * Math.Cos(theta + _faultPhase);
                double amplitude = _level * 0.5 * rel * (0.5 + 0.5 * load) * modulation * (1 + 0.2 * (_faultRandom.NextDouble() - 0.5));
                _impactStart.Add(t);
                _impactAmplitude.Add(amplitude);
                _nextImpact += 1 + 0.02 * (2 * _faultRandom.NextDouble() - 1);
            }
            double fr = _machine.BearingResonanceHz;
            double decay = BearingDamping * 2 * Math.PI * fr;
            double ringSeconds = 7 / decay;
            double ring = 0;
            int keep = 0;
            for (int k = 0; k < _impactStart.Count; k++)
            {
                double age = t - _impactStart[k];
                if (age > ringSeconds) continue;
                _impactStart[keep] = _impactStart[k];
                _impactAmplitude[keep] = _impactAmplitude[k];
                keep++;
                ring += _impactAmplitude[k] * Math.Exp(-decay * age) * Math.Sin(2 * Math.PI * fr * age);
            }
            _impactStart.RemoveRange(keep, _impactStart.Count - keep);
            _impactAmplitude.RemoveRange(keep, _impactAmplitude.Count - keep);
            _lastRing = ring;
            return ring;
        }

        private static double Gaussian(Random r)
        {
            double u1 = 1.0 - r.NextDouble();
            double u2 = r.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
