using nanoFramework.Hardware.Esp32;
using TinyMl.Nano.Boards;

namespace TinyMl.Nano.Apps
{
    /// <summary>
    /// Routes a board's I2C and I2S pins on ESP32 chips (Configuration.SetPinFunction) before the
    /// buses are opened. STM32 pins are fixed by the firmware, so this does nothing there.
    /// Device build only. It lives with the apps, not in the TinyMl.Nano library, so that the library
    /// does not reference nanoFramework.Hardware.Esp32 and also deploys to STM32 firmware, which
    /// lacks that native assembly.
    /// </summary>
    public static class BoardPinRouting
    {
        /// <summary>Routes the IMU's I2C bus (I2C1 or I2C2).</summary>
        public static void RouteI2c(BoardDefinition board)
        {
            if (!board.NeedsPinRouting || board.I2cDataPin == BoardDefinition.NoPin)
            {
                return;
            }

            bool second = board.I2cBus == 2;
            Configuration.SetPinFunction(board.I2cDataPin, second ? DeviceFunction.I2C2_DATA : DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(board.I2cClockPin, second ? DeviceFunction.I2C2_CLOCK : DeviceFunction.I2C1_CLOCK);
        }

        /// <summary>
        /// Routes the microphone to I2S1: INMP441 uses BCK, WS and data in; a PDM microphone's
        /// clock is driven from the WS signal in PDM receive mode, its data comes in on data in.
        /// </summary>
        public static void RouteMicrophone(BoardDefinition board)
        {
            if (!board.NeedsPinRouting || !board.HasMicrophone)
            {
                return;
            }

            if (board.Microphone == MicrophoneKind.Pdm)
            {
                Configuration.SetPinFunction(board.MicClockPin, DeviceFunction.I2S1_WS);
            }
            else
            {
                Configuration.SetPinFunction(board.MicClockPin, DeviceFunction.I2S1_BCK);
                Configuration.SetPinFunction(board.MicWordSelectPin, DeviceFunction.I2S1_WS);
            }

            Configuration.SetPinFunction(board.MicDataPin, DeviceFunction.I2S1_MDATA_IN);
        }
    }
}
