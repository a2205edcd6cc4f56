using System;
using System.Collections.Generic;

namespace TinyMl.Simulation
{
    /// <summary>
    /// Synthetic 3-axis machine vibration in g, x/y/z interleaved, deterministic for a seed.
    /// Successive <see cref="Generate(Span{float})"/> calls continue one stream, so a long
    /// recording can be produced in pieces.
    /// </summary>
    /// <remarks>
    /// The healthy machine, the noise and the fault draw from separate random streams derived
    /// from the seed, so for one seed a faulty signal is exactly the healthy signal plus the fault
    /// component (and severity 0 gives the healthy signal bit for bit). This keeps comparisons
    /// between conditions clean in tests and in data sets.
    /// </remarks>
    public sealed class VibrationGenerator
    {
        /// <summary>Values per sample (x, y, z).</summary>
        public const int Axes = 3;

        private const int Harmonics = 3;
        private const double BearingDampingRatio = 0.1;
        private const double BearingSlip = 0.01;          // relative jitter of the impulse interval
        private const double BearingModulationDepth = 0.5; // load zone: impulses strongest once per turn

        private static readonly double[] HarmonicWeights = { 1.0, 0.5, 0.3 };
        private static readonly double[] AxisWeights = { 1.0, 1.0, 0.4 };      // healthy: x, y radial, z axial
        private static readonly double[] BearingAxisWeights = { 1.0, 0.6, 0.3 };

        private readonly VibrationSettings _settings;
        private readonly MachineCondition _condition;
        private readonly Random _noiseRandom;
        private readonly Random _faultRandom;

        // Healthy harmonics: amplitude and phase per axis and order.
        private readonly double[] _harmonicAmplitude = new double[Axes * Harmonics];
        private readonly double[] _harmonicPhase = new double[Axes * Harmonics];

        // Imbalance: phase of the rotating 1x force.
        private readonly double _imbalancePhase;

        // Looseness: orders 0.5, 1, 1.5 .. LoosenessMaxOrder with their phases.
        private readonly double[] _loosenessOrders;
        private readonly double[] _loosenessWeights;
        private readonly double[] _loosenessPhases;

        // Bearing: impulses still ringing (start time, amplitude), next impulse time.
        private readonly List<(double Start, double Amplitude)> _impulses = new();
        private double _nextImpulseTime;

        private long _sampleIndex;
        private double _spareGaussian;
        private bool _hasSpareGaussian;

        /// <summary>Creates a generator; throws ArgumentOutOfRangeException for unusable settings.</summary>
        public VibrationGenerator(VibrationSettings settings, MachineCondition condition, int seed)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings.Validate(condition);
            _settings = settings;
            _condition = condition;

            var machineRandom = new Random(seed);
            _noiseRandom = new Random(unchecked(seed * 31 + 1));
            _faultRandom = new Random(unchecked(seed * 31 + 2));

            for (int axis = 0; axis < Axes; axis++)
            {
                for (int h = 0; h < Harmonics; h++)
                {
                    double spread = 1 + 0.2 * (machineRandom.NextDouble() - 0.5);
                    _harmonicAmplitude[axis * Harmonics + h] = settings.HarmonicLevelG * HarmonicWeights[h] * AxisWeights[axis] * spread;
                    _harmonicPhase[axis * Harmonics + h] = 2 * Math.PI * machineRandom.NextDouble();
                }
            }

            _imbalancePhase = 2 * Math.PI * _faultRandom.NextDouble();

            int looseCount = (int)(VibrationSettings.LoosenessMaxOrder * 2);
            _loosenessOrders = new double[looseCount];
            _loosenessWeights = new double[looseCount];
            _loosenessPhases = new double[looseCount];
            for (int k = 0; k < looseCount; k++)
            {
                double order = (k + 1) * 0.5;
                bool half = (k % 2) == 0;
                _loosenessOrders[k] = order;
                _loosenessWeights[k] = (half ? 0.6 : 1.0) / Math.Sqrt(order);
                _loosenessPhases[k] = 2 * Math.PI * _faultRandom.NextDouble();
            }

            _nextImpulseTime = _faultRandom.NextDouble() / settings.BearingDefectHz;
        }

        /// <summary>The settings in use.</summary>
        public VibrationSettings Settings => _settings;

        /// <summary>The simulated condition.</summary>
        public MachineCondition Condition => _condition;

        /// <summary>Samples (3 values each) produced so far.</summary>
        public long SamplesGenerated => _sampleIndex;

        /// <summary>Returns the next <paramref name="samples"/> samples, x/y/z interleaved.</summary>
        public float[] Generate(int samples)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(samples);
            var values = new float[samples * Axes];
            Generate(values);
            return values;
        }

        /// <summary>Fills <paramref name="destination"/> (length a multiple of 3) with the next samples.</summary>
        public void Generate(Span<float> destination)
        {
            if (destination.Length % Axes != 0)
            {
                throw new ArgumentException($"destination length {destination.Length} is not a multiple of {Axes} (x, y, z per sample)", nameof(destination));
            }

            Span<double> sample = stackalloc double[Axes];
            for (int i = 0; i < destination.Length; i += Axes)
            {
                double t = _sampleIndex / _settings.SampleRateHz;
                Healthy(t, sample);
                switch (_condition)
                {
                    case MachineCondition.Imbalance:
                        AddImbalance(t, sample);
                        break;
                    case MachineCondition.BearingDefect:
                        AddBearingDefect(t, sample);
                        break;
                    case MachineCondition.Looseness:
                        AddLooseness(t, sample);
                        break;
                }

                for (int axis = 0; axis < Axes; axis++)
                {
                    destination[i + axis] = (float)(sample[axis] + _settings.NoiseG * Gaussian());
                }

                _sampleIndex++;
            }
        }

        private void Healthy(double t, Span<double> sample)
        {
            double shaftPhase = 2 * Math.PI * _settings.ShaftSpeedHz * t;
            for (int axis = 0; axis < Axes; axis++)
            {
                double v = axis == 2 ? _settings.GravityG : 0;
                for (int h = 0; h < Harmonics; h++)
                {
                    int k = axis * Harmonics + h;
                    v += _harmonicAmplitude[k] * Math.Sin((h + 1) * shaftPhase + _harmonicPhase[k]);
                }

                sample[axis] = v;
            }
        }

        private void AddImbalance(double t, Span<double> sample)
        {
            // A rotating force: x and y see the same 1x, a quarter turn apart; little axial.
            double amplitude = 4 * _settings.HarmonicLevelG * _settings.Severity;
            double phase = 2 * Math.PI * _settings.ShaftSpeedHz * t + _imbalancePhase;
            sample[0] += amplitude * Math.Sin(phase);
            sample[1] += amplitude * Math.Cos(phase);
            sample[2] += 0.1 * amplitude * Math.Sin(phase);
        }

        private void AddBearingDefect(double t, Span<double> sample)
        {
            double defectHz = _settings.BearingDefectHz;
            double resonanceHz = _settings.EffectiveBearingResonanceHz;
            double decayPerSecond = BearingDampingRatio * 2 * Math.PI * resonanceHz;
            double ringSeconds = 7 / decayPerSecond; // exp(-7) < 0.1 %: forget older impulses

            while (_nextImpulseTime <= t)
            {
                double start = _nextImpulseTime;
                double loadZone = 1 + BearingModulationDepth * Math.Cos(2 * Math.PI * _settings.ShaftSpeedHz * start);
                double amplitude = _settings.Severity * _settings.BearingImpulseG * loadZone * (1 + 0.1 * (_faultRandom.NextDouble() - 0.5));
                _impulses.Add((start, amplitude));
                _nextImpulseTime += (1 + BearingSlip * (2 * _faultRandom.NextDouble() - 1)) / defectHz;
            }

            _impulses.RemoveAll(p => t - p.Start > ringSeconds);

            double ring = 0;
            foreach (var (start, amplitude) in _impulses)
            {
                double age = t - start;
                ring += amplitude * Math.Exp(-decayPerSecond * age) * Math.Sin(2 * Math.PI * resonanceHz * age);
            }

            for (int axis = 0; axis < Axes; axis++)
            {
                sample[axis] += BearingAxisWeights[axis] * ring;
            }
        }

        private void AddLooseness(double t, Span<double> sample)
        {
            double level = 2 * _settings.HarmonicLevelG * _settings.Severity;
            double shaftPhase = 2 * Math.PI * _settings.ShaftSpeedHz * t;
            double v = 0;
            for (int k = 0; k < _loosenessOrders.Length; k++)
            {
                v += _loosenessWeights[k] * Math.Sin(_loosenessOrders[k] * shaftPhase + _loosenessPhases[k]);
            }

            // The loose part hits its stop: the upward swing is cut off.
            v = Math.Min(v, 1.0) * level;
            sample[1] += v;
            sample[0] += 0.5 * v;
            sample[2] += 0.2 * v;
        }

        private double Gaussian()
        {
            // Box-Muller; both values used.
            if (_hasSpareGaussian)
            {
                _hasSpareGaussian = false;
                return _spareGaussian;
            }

            double u1 = 1.0 - _noiseRandom.NextDouble();
            double u2 = _noiseRandom.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
            _hasSpareGaussian = true;
            return r * Math.Cos(2 * Math.PI * u2);
        }
    }
}
