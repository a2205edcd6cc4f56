namespace TinyMl.Nano.Boards
{
    /// <summary>
    /// The boards of boards/ (one README per board with the wiring and the firmware build).
    /// Where a board has no fixed wiring (DevKit boards), the pins are our choice, documented in
    /// the board's README; change them there and here together.
    /// </summary>
    public static class BoardCatalog
    {
        private const int No = BoardDefinition.NoPin;

        /// <summary>Espressif ESP32-DevKitC (ESP32-WROOM-32): INMP441 and MPU6050 breakouts, LED and buzzer wired by you.</summary>
        public static readonly BoardDefinition Esp32DevKitC = new BoardDefinition(
            "ESP32-DevKitC", BoardChip.Esp32,
            MicrophoneKind.I2sInmp441, 1, 26, 25, 33,
            1, 21, 22, "MPU6050", 0x68,
            2, false, 4);

        /// <summary>Espressif ESP32-S3-DevKitC-1: INMP441 and MPU6050 breakouts; the on-board LED is addressable (GPIO38 on v1.1), so a plain LED goes on GPIO2.</summary>
        public static readonly BoardDefinition Esp32S3DevKitC = new BoardDefinition(
            "ESP32-S3-DevKitC", BoardChip.Esp32S3,
            MicrophoneKind.I2sInmp441, 1, 4, 5, 6,
            1, 8, 9, "MPU6050", 0x68,
            2, false, 7);

        /// <summary>Espressif ESP32-C3-DevKitM-1 (RISC-V): INMP441 and MPU6050 breakouts; GPIO8 is the addressable LED, so a plain LED goes on GPIO3.</summary>
        public static readonly BoardDefinition Esp32C3DevKitM = new BoardDefinition(
            "ESP32-C3-DevKitM", BoardChip.Esp32C3,
            MicrophoneKind.I2sInmp441, 1, 6, 7, 10,
            1, 4, 5, "MPU6050", 0x68,
            3, false, 1);

        /// <summary>M5Stack Core2: on-board MPU6886 (internal I2C, GPIO21/22) and SPM1423 PDM microphone (CLK GPIO0, DATA GPIO34); no plain LED or buzzer.</summary>
        public static readonly BoardDefinition M5StackCore2 = new BoardDefinition(
            "M5Stack-Core2", BoardChip.Esp32,
            MicrophoneKind.Pdm, 1, 0, No, 34,
            1, 21, 22, "MPU6886", 0x68,
            No, false, No);

        /// <summary>ST STM32F769I-DISCOVERY: MPU6050 on the Arduino header (I2C1 D14/D15 = PB9/PB8), green LED2 on PJ5; no I2S in the nanoFramework firmware, so no microphone.</summary>
        public static readonly BoardDefinition Stm32F769IDiscovery = new BoardDefinition(
            "STM32F769I-DISCOVERY", BoardChip.Stm32F7,
            MicrophoneKind.None, No, No, No, No,
            1, (1 * 16) + 9, (1 * 16) + 8, "MPU6050", 0x68,
            (9 * 16) + 5, false, No);

        /// <summary>All boards, for menus and tests.</summary>
        public static BoardDefinition[] All
        {
            get
            {
                return new BoardDefinition[] { Esp32DevKitC, Esp32S3DevKitC, Esp32C3DevKitM, M5StackCore2, Stm32F769IDiscovery };
            }
        }

        /// <summary>The board called <paramref name="name"/> (as in boards/), or null.</summary>
        public static BoardDefinition Find(string name)
        {
            BoardDefinition[] all = All;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].Name == name)
                {
                    return all[i];
                }
            }

            return null;
        }
    }
}
