using System;

namespace TinyMl.Simulation
{
    /// <summary>Machine condition the vibration generator simulates.</summary>
    public enum MachineCondition
    {
        /// <summary>Shaft harmonics 1x, 2x, 3x and broadband noise.</summary>
        Healthy,

        /// <summary>Healthy plus a strong rotating 1x force in the radial plane (x, y).</summary>
        Imbalance,

        /// <summary>Healthy plus decaying impulses at the bearing defect frequency, ringing at a structural resonance and amplitude-modulated by the shaft rotation.</summary>
        BearingDefect,

        /// <summary>Healthy plus many harmonics and half-harmonics of the shaft speed, clipped on one side (a part hitting its stop).</summary>
        Looseness,
    }

    /// <summary>
    /// Parameters of a simulated machine and accelerometer. Axes: x and y radial (y vertical),
    /// z axial, with gravity on z. Amplitudes are in g.
    /// </summary>
    public sealed record VibrationSettings
    {
        /// <summary>Accelerometer sample rate (Hz).</summary>
        public double SampleRateHz { get; init; } = 1000;

        /// <summary>Shaft rotation frequency (Hz); 24.5 Hz = 1470 rpm, a 4-pole motor at 50 Hz.</summary>
        public double ShaftSpeedHz { get; init; } = 24.5;

        /// <summary>Amplitude of the healthy 1x component on the radial axes (g); 2x and 3x are smaller.</summary>
        public double HarmonicLevelG { get; init; } = 0.05;

        /// <summary>RMS of the white measurement noise on each axis (g).</summary>
        public double NoiseG { get; init; } = 0.01;

        /// <summary>Static acceleration on z (g): 1 for a sensor lying flat.</summary>
        public double GravityG { get; init; } = 1.0;

        /// <summary>Fault strength: 0 = no fault (output equals healthy), 1 = clearly faulty; larger is allowed.</summary>
        public double Severity { get; init; } = 1.0;

        /// <summary>
        /// Bearing defect frequency as a multiple of the shaft speed; 3.58 is about the outer-race
        /// frequency (BPFO) of a 6205 deep-groove ball bearing.
        /// </summary>
        public double BearingDefectOrder { get; init; } = 3.58;

        /// <summary>Frequency the bearing impulses ring at (Hz); 0 = 0.3 x sample rate.</summary>
        public double BearingResonanceHz { get; init; }

        /// <summary>Peak of one bearing impulse at severity 1 (g).</summary>
        public double BearingImpulseG { get; init; } = 0.5;

        /// <summary>Highest harmonic order the looseness fault adds (half-harmonics included below it).</summary>
        public const double LoosenessMaxOrder = 6.0;

        /// <summary>Resonance frequency actually used (Hz).</summary>
        public double EffectiveBearingResonanceHz => BearingResonanceHz > 0 ? BearingResonanceHz : 0.3 * SampleRateHz;

        /// <summary>Bearing defect frequency (Hz).</summary>
        public double BearingDefectHz => BearingDefectOrder * ShaftSpeedHz;

        /// <summary>Throws ArgumentOutOfRangeException naming the first setting that cannot work.</summary>
        public void Validate(MachineCondition condition)
        {
            Require(IsFinite(SampleRateHz) && SampleRateHz > 0, nameof(SampleRateHz), $"must be > 0, is {SampleRateHz}");
            double nyquist = SampleRateHz / 2;
            Require(IsFinite(ShaftSpeedHz) && ShaftSpeedHz > 0, nameof(ShaftSpeedHz), $"must be > 0, is {ShaftSpeedHz}");
            Require(3 * ShaftSpeedHz < nyquist, nameof(ShaftSpeedHz),
                $"{ShaftSpeedHz} Hz puts the 3x harmonic at {3 * ShaftSpeedHz} Hz, above Nyquist ({nyquist} Hz); lower it or raise SampleRateHz");
            Require(IsFinite(HarmonicLevelG) && HarmonicLevelG >= 0, nameof(HarmonicLevelG), $"must be >= 0, is {HarmonicLevelG}");
            Require(IsFinite(NoiseG) && NoiseG >= 0, nameof(NoiseG), $"must be >= 0, is {NoiseG}");
            Require(IsFinite(GravityG), nameof(GravityG), $"must be finite, is {GravityG}");
            Require(IsFinite(Severity) && Severity >= 0, nameof(Severity), $"must be >= 0, is {Severity}");
            if (condition == MachineCondition.BearingDefect)
            {
                Require(IsFinite(BearingDefectOrder) && BearingDefectOrder > 1, nameof(BearingDefectOrder), $"must be > 1, is {BearingDefectOrder}");
                Require(IsFinite(BearingImpulseG) && BearingImpulseG >= 0, nameof(BearingImpulseG), $"must be >= 0, is {BearingImpulseG}");
                double resonance = EffectiveBearingResonanceHz;
                Require(IsFinite(resonance) && resonance > BearingDefectHz && resonance < nyquist, nameof(BearingResonanceHz),
                    $"{resonance} Hz must lie between the defect frequency ({BearingDefectHz} Hz) and Nyquist ({nyquist} Hz)");
            }

            if (condition == MachineCondition.Looseness)
            {
                Require(LoosenessMaxOrder * ShaftSpeedHz < nyquist, nameof(ShaftSpeedHz),
                    $"looseness adds harmonics up to {LoosenessMaxOrder}x = {LoosenessMaxOrder * ShaftSpeedHz} Hz, above Nyquist ({nyquist} Hz)");
            }
        }

        private static bool IsFinite(double value) => double.IsFinite(value);

        private static void Require(bool ok, string name, string message)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(name, $"VibrationSettings.{name} {message}");
            }
        }
    }
}
