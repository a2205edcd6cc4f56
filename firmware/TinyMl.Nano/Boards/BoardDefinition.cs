namespace TinyMl.Nano.Boards
{
    /// <summary>Microcontroller family of a board (pin numbering and pin routing differ).</summary>
    public enum BoardChip
    {
        /// <summary>ESP32 (Xtensa LX6); any GPIO routed to I2C/I2S with Configuration.SetPinFunction.</summary>
        Esp32,

        /// <summary>ESP32-S3 (Xtensa LX7).</summary>
        Esp32S3,

        /// <summary>ESP32-C3 (RISC-V).</summary>
        Esp32C3,

        /// <summary>STM32F7 (Cortex-M7); pins are fixed by the firmware, GPIO number = port * 16 + pin.</summary>
        Stm32F7
    }

    /// <summary>How the board hears: the microphone and its interface.</summary>
    public enum MicrophoneKind
    {
        /// <summary>No microphone usable from nanoFramework on this board.</summary>
        None,

        /// <summary>INMP441 (or compatible) I2S MEMS microphone: 24-bit samples in 32-bit slots, L/R pin to GND = left.</summary>
        I2sInmp441,

        /// <summary>PDM MEMS microphone (clock + data), e.g. the SPM1423 of the M5Stack Core2.</summary>
        Pdm
    }

    /// <summary>
    /// Everything an app needs to know about a board's wiring: the I2S microphone, the I2C IMU and
    /// the indicator outputs. Pin numbers are GPIO numbers as nanoFramework numbers them;
    /// <see cref="NoPin"/> means "not present". Instances live in <see cref="BoardCatalog"/>.
    /// </summary>
    public sealed class BoardDefinition
    {
        /// <summary>Pin value for "not present".</summary>
        public const int NoPin = -1;

        public BoardDefinition(
            string name,
            BoardChip chip,
            MicrophoneKind microphone,
            int i2sBus,
            int micClockPin,
            int micWordSelectPin,
            int micDataPin,
            int i2cBus,
            int i2cDataPin,
            int i2cClockPin,
            string imuChip,
            int imuAddress,
            int ledPin,
            bool ledActiveLow,
            int buzzerPin)
        {
            Name = name;
            Chip = chip;
            Microphone = microphone;
            I2sBus = i2sBus;
            MicClockPin = micClockPin;
            MicWordSelectPin = micWordSelectPin;
            MicDataPin = micDataPin;
            I2cBus = i2cBus;
            I2cDataPin = i2cDataPin;
            I2cClockPin = i2cClockPin;
            ImuChip = imuChip;
            ImuAddress = imuAddress;
            LedPin = ledPin;
            LedActiveLow = ledActiveLow;
            BuzzerPin = buzzerPin;
        }

        /// <summary>Board name as in boards/&lt;name&gt;/README.md.</summary>
        public string Name { get; }

        public BoardChip Chip { get; }

        public MicrophoneKind Microphone { get; }

        /// <summary>I2S controller (nanoFramework bus id) the microphone is on.</summary>
        public int I2sBus { get; }

        /// <summary>I2S bit clock (INMP441 SCK) or PDM clock.</summary>
        public int MicClockPin { get; }

        /// <summary>I2S word select (INMP441 WS); <see cref="NoPin"/> for PDM.</summary>
        public int MicWordSelectPin { get; }

        /// <summary>Microphone data into the MCU (INMP441 SD, PDM DATA).</summary>
        public int MicDataPin { get; }

        /// <summary>I2C controller (nanoFramework bus id, 1 = I2C1) the IMU is on.</summary>
        public int I2cBus { get; }

        public int I2cDataPin { get; }

        public int I2cClockPin { get; }

        /// <summary>"MPU6050" or "MPU6886".</summary>
        public string ImuChip { get; }

        /// <summary>7-bit I2C address of the IMU (0x68 with AD0 low).</summary>
        public int ImuAddress { get; }

        /// <summary>Plain on/off LED (not an addressable RGB LED).</summary>
        public int LedPin { get; }

        /// <summary>True when the LED lights with the pin low.</summary>
        public bool LedActiveLow { get; }

        /// <summary>Active buzzer (on/off), or <see cref="NoPin"/>.</summary>
        public int BuzzerPin { get; }

        /// <summary>True when the board can run keyword spotting from its own microphone.</summary>
        public bool HasMicrophone
        {
            get { return Microphone != MicrophoneKind.None; }
        }

        /// <summary>True on ESP32 chips, where I2C and I2S pins must be routed before opening the bus.</summary>
        public bool NeedsPinRouting
        {
            get { return Chip != BoardChip.Stm32F7; }
        }
    }
}
