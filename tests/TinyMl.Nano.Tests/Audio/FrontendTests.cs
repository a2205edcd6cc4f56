using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Tests.Audio
{
    /// <summary>The front-end wrappers: state handling and typed errors (the numeric pipelines are tested natively and against the golden files).</summary>
    [TestClass]
    public class FrontendTests
    {
        [TestMethod]
        public void MicroFrontendTurnsDigitalSilenceIntoTheFloorValue()
        {
            // Zero energy -> log 0 -> (0 * 256 + 333) / 666 - 128 = -128 in every channel.
            MicroFrontend frontend = new MicroFrontend();
            Assert.AreEqual(40, frontend.FeatureCount);
            short[] samples = new short[600];
            sbyte[] features = new sbyte[50];
            for (int i = 0; i < features.Length; i++)
            {
                features[i] = 55;
            }
            frontend.ProcessFrame(samples, 100, features, 5);
            for (int i = 0; i < features.Length; i++)
            {
                int expected = (i >= 5 && i < 45) ? -128 : 55;
                Assert.AreEqual(expected, (int)features[i], "feature " + i.ToString());
            }
        }

        [TestMethod]
        public void MicroFrontendResetRestoresTheInitialState()
        {
            short[] tone = new short[480];
            for (int i = 0; i < tone.Length; i++)
            {
                tone[i] = (short)(((i / 8) % 2 == 0) ? 8000 : -8000); // 1 kHz square wave
            }
            MicroFrontend frontend = new MicroFrontend();
            sbyte[] first = new sbyte[40];
            sbyte[] later = new sbyte[40];
            frontend.ProcessFrame(tone, 0, first, 0);
            for (int i = 0; i < 20; i++)
            {
                frontend.ProcessFrame(tone, 0, later, 0);
            }
            bool adapted = false;
            for (int i = 0; i < 40; i++)
            {
                adapted = adapted || later[i] != first[i];
            }
            Assert.IsTrue(adapted, "the noise estimate should change the features of a steady tone");

            frontend.Reset();
            frontend.ProcessFrame(tone, 0, later, 0);
            for (int i = 0; i < 40; i++)
            {
                Assert.AreEqual((int)first[i], (int)later[i], "feature " + i.ToString() + " after Reset");
            }
        }

        [TestMethod]
        public void FrontendsRejectWindowsThatDoNotFit()
        {
            MicroFrontend micro = new MicroFrontend();
            MfccFrontend mfcc = new MfccFrontend(1.0f / 32768.0f, 0.584703f, 83);
            Assert.AreEqual(10, mfcc.FeatureCount);
            IAudioFrontend[] frontends = new IAudioFrontend[] { micro, mfcc };
            for (int f = 0; f < frontends.Length; f++)
            {
                IAudioFrontend frontend = frontends[f];
                Assert.IsTrue(Throws(frontend, new short[479], 0, new sbyte[40], 0) == "ArgumentException", "short window");
                Assert.IsTrue(Throws(frontend, new short[960], 481, new sbyte[40], 0) == "ArgumentException", "window past the end");
                Assert.IsTrue(Throws(frontend, new short[480], -1, new sbyte[40], 0) == "ArgumentException", "negative offset");
                Assert.IsTrue(Throws(frontend, new short[480], 0, new sbyte[40], 40 - frontend.FeatureCount + 1) == "ArgumentException", "features past the end");
                Assert.IsTrue(Throws(frontend, null, 0, new sbyte[40], 0) == "ArgumentNullException", "null samples");
                Assert.IsTrue(Throws(frontend, new short[480], 0, null, 0) == "ArgumentNullException", "null features");
                Assert.IsTrue(Throws(frontend, new short[480], 0, new sbyte[40], 0) == null, "a valid call");
            }
        }

        [TestMethod]
        public void MfccRejectsBadQuantization()
        {
            Assert.IsTrue(MfccThrows(1.0f, 0.0f, 0), "zero output scale");
            Assert.IsTrue(MfccThrows(1.0f, 0.5f, 128), "zero point above 127");
            Assert.IsTrue(MfccThrows(0.0f, 0.5f, 0), "zero sample scale");
            Assert.IsTrue(MfccThrows(2.0f, 0.5f, 0), "sample scale above 1");
            Assert.IsFalse(MfccThrows(1.0f, 0.5f, -128), "valid parameters");
        }

        private static bool MfccThrows(float sampleScale, float outputScale, int zeroPoint)
        {
            try
            {
                new MfccFrontend(sampleScale, outputScale, zeroPoint);
                return false;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }

        // Returns the exception's type name, or null when the call succeeds.
        private static string Throws(IAudioFrontend frontend, short[] samples, int sampleOffset, sbyte[] features, int featureOffset)
        {
            try
            {
                frontend.ProcessFrame(samples, sampleOffset, features, featureOffset);
                return null;
            }
            catch (ArgumentNullException)
            {
                return "ArgumentNullException";
            }
            catch (ArgumentException)
            {
                return "ArgumentException";
            }
        }
    }
}
