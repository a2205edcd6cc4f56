#if !NANOFRAMEWORK_1_0
using System;
using System.Collections;

namespace TinyMl.Nano.Native
{
    /// <summary>
    /// Host stand-in for the firmware's flash model table (native-kernels/nanoframework/
    /// tnm_flash_models.h). On the device, models compiled into the firmware with
    /// <c>tinyml compile --emit-c</c> are found by name and run in place from flash; on the
    /// host the simulator and the tests register the same blobs here, and the
    /// NativeMethods.Flash* calls read them from this registry. Host only: the device build
    /// never compiles this class.
    /// </summary>
    public static class HostFlashModels
    {
        internal const int StatusArgument = -1; // TNM_ERR_ARGUMENT
        private static readonly object Sync = new object();
        private static readonly ArrayList Names = new ArrayList();
        private static readonly ArrayList Blobs = new ArrayList();

        /// <summary>
        /// Adds the model called <paramref name="name"/> and returns its id, the index the
        /// firmware table would give it. Like flash, a registered blob never changes: the
        /// registry keeps its own copy, and registering a name again gives the new blob a new
        /// id (Find returns the newest), so a Model opened earlier keeps the blob it checked
        /// (flash models run through the native read-only path, which does not re-check).
        /// </summary>
        public static int Register(string name, byte[] blob)
        {
            if (name == null || name.Length == 0)
            {
                throw new ArgumentException("A flash model needs a non-empty name.", nameof(name));
            }

            if (blob == null)
            {
                throw new ArgumentNullException(nameof(blob));
            }

            byte[] copy = (byte[])blob.Clone();
            lock (Sync)
            {
                int existing = Names.IndexOf(name);
                if (existing >= 0)
                {
                    Names[existing] = null;
                }

                Names.Add(name);
                Blobs.Add(copy);
                return Names.Count - 1;
            }
        }

        /// <summary>Forgets every registered model (ids are not given out again).</summary>
        public static void Clear()
        {
            lock (Sync)
            {
                for (int i = 0; i < Names.Count; i++)
                {
                    Names[i] = null;
                    Blobs[i] = null;
                }
            }
        }

        internal static int Find(byte[] name, int nameLength, int[] error)
        {
            if (name == null || nameLength < 0 || nameLength > name.Length)
            {
                return Fail(error, -1, nameLength);
            }

            char[] chars = new char[nameLength];
            for (int i = 0; i < nameLength; i++)
            {
                chars[i] = (char)name[i];
            }

            string wanted = new string(chars);
            lock (Sync)
            {
                int index = Names.IndexOf(wanted);
                return index >= 0 ? index : Fail(error, -1, Names.Count);
            }
        }

        internal static byte[] Get(int modelId, int[] error)
        {
            lock (Sync)
            {
                if (modelId >= 0 && modelId < Blobs.Count && Blobs[modelId] != null)
                {
                    return (byte[])Blobs[modelId];
                }

                Fail(error, modelId, Blobs.Count);
                return null;
            }
        }

        // Same words the native side writes: code, field (none), index, value, limit.
        private static int Fail(int[] error, int value, int limit)
        {
            if (error != null && error.Length >= NativeMethods.ErrorWords)
            {
                error[0] = StatusArgument;
                error[1] = 0;
                error[2] = -1;
                error[3] = value;
                error[4] = limit;
            }

            return StatusArgument;
        }
    }
}
#endif
