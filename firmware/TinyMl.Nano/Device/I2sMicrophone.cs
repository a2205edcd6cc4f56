using System;
using System.Device.I2s;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// <see cref="IAudioSource"/> on an I2S microphone through System.Device.I2s: 16 kHz mono
    /// 16-bit samples, from an INMP441-style I2S MEMS microphone (L/R pin to GND = left slot) or a
    /// PDM microphone. Device build only. Route the pins first (apps: BoardPinRouting).
    /// <para>
    /// How the ESP32 firmware buffers (nf-interpreter, targets/ESP32/_nanoCLR/System.Device.I2s):
    /// in receive mode the DMA always moves 32-bit slots (4 bytes per mono frame) in descriptors of
    /// 256 frames (16 ms at 16 kHz), and it allocates BufferSize / 1024 descriptors. The DMA
    /// fills them continuously; when the app does not read for longer than they hold, the oldest
    /// audio is overwritten (dropped). Size them with <see cref="BufferSizeFor"/> from the longest
    /// time between two reads (firmware/apps/KeywordSpotting/README.md).
    /// </para>
    /// <para>
    /// Read blocks in native code until it has every sample asked for, and while it blocks no
    /// managed thread runs (nanoFramework's cooperative scheduler): ask for one 20 ms stride (320
    /// samples) at a time.
    /// </para>
    /// </summary>
    public sealed class I2sMicrophone : IAudioSource, IDisposable
    {
        /// <summary>Bytes per mono frame in the ESP32 receive DMA (32-bit slots).</summary>
        public const int DmaFrameBytes = 4;

        /// <summary>Frames per DMA descriptor in nanoFramework's ESP32 I2S driver.</summary>
        public const int DmaDescriptorFrames = 256;

        /// <summary>ESP-IDF accepts 2..128 DMA descriptors.</summary>
        public const int MinDescriptors = 2;

        /// <summary>ESP-IDF accepts 2..128 DMA descriptors.</summary>
        public const int MaxDescriptors = 128;

        private readonly byte[] _bytes;
        private I2sDevice _device;

        /// <summary>
        /// Opens I2S bus busId (1 = I2S1) as a 16 kHz mono receiver.
        /// </summary>
        /// <param name="busId">nanoFramework I2S bus id (board definition's I2sBus).</param>
        /// <param name="pdm">True for a PDM microphone, false for an I2S (INMP441-style) one.</param>
        /// <param name="dmaDescriptors">DMA descriptors of 16 ms each (2..128): the audio the driver holds while the app is busy.</param>
        /// <param name="maxReadSamples">Largest count one internal read asks for (the staging buffer: 2 bytes per sample).</param>
        public I2sMicrophone(int busId, bool pdm, int dmaDescriptors, int maxReadSamples)
        {
            if (dmaDescriptors < MinDescriptors || dmaDescriptors > MaxDescriptors)
            {
                throw new ArgumentOutOfRangeException("dmaDescriptors", "the ESP32 I2S driver takes " + MinDescriptors.ToString() + ".." + MaxDescriptors.ToString() + " DMA descriptors, got " + dmaDescriptors.ToString());
            }
            if (maxReadSamples < 1)
            {
                throw new ArgumentOutOfRangeException("maxReadSamples", "must be at least 1, got " + maxReadSamples.ToString());
            }

            I2sConnectionSettings settings = new I2sConnectionSettings(busId);
            settings.SampleRate = AudioFrame.SampleRate;
            settings.BitsPerSample = I2sBitsPerSample.Bit16;
            settings.CommunicationFormat = I2sCommunicationFormat.I2S;
            if (pdm)
            {
                // M5Stack Core2's SPM1423 (M5Stack's own driver reads it as the right channel).
                settings.Mode = I2sMode.Master | I2sMode.Rx | I2sMode.Pdm;
                settings.ChannelFormat = I2sChannelFormat.OnlyRight;
            }
            else
            {
                // INMP441 with L/R tied to GND transmits in the left slot.
                settings.Mode = I2sMode.Master | I2sMode.Rx;
                settings.ChannelFormat = I2sChannelFormat.OnlyLeft;
            }
            settings.BufferSize = BufferSizeFor(dmaDescriptors);
            _bytes = new byte[maxReadSamples * 2];
            _device = new I2sDevice(settings);
        }

        /// <summary>The BufferSize that makes the ESP32 driver allocate this many DMA descriptors.</summary>
        public static int BufferSizeFor(int dmaDescriptors)
        {
            return dmaDescriptors * DmaDescriptorFrames * DmaFrameBytes;
        }

        /// <summary>Milliseconds of audio this many DMA descriptors hold at 16 kHz.</summary>
        public static int BufferedMsFor(int dmaDescriptors)
        {
            return dmaDescriptors * DmaDescriptorFrames / AudioFrame.SamplesPerMs;
        }

        /// <inheritdoc/>
        public int SampleRate { get { return AudioFrame.SampleRate; } }

        /// <inheritdoc/>
        /// <remarks>Blocks until count samples have arrived; never returns 0.</remarks>
        public int Read(short[] buffer, int offset, int count)
        {
            if (_device == null)
            {
                throw new ObjectDisposedException("I2sMicrophone");
            }
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset " + offset.ToString() + " + count " + count.ToString() + " goes past a buffer of " + buffer.Length.ToString() + " samples");
            }
            int done = 0;
            byte[] bytes = _bytes;
            while (done < count)
            {
                int n = count - done;
                if (n > bytes.Length / 2)
                {
                    n = bytes.Length / 2;
                }
                _device.Read(new SpanByte(bytes, 0, n * 2));
                int at = offset + done;
                for (int i = 0; i < n; i++)
                {
                    buffer[at + i] = (short)(bytes[2 * i] | (bytes[2 * i + 1] << 8));
                }
                done += n;
            }
            return count;
        }

        /// <summary>Stops the I2S driver.</summary>
        public void Dispose()
        {
            if (_device != null)
            {
                _device.Dispose();
                _device = null;
            }
        }
    }
}
