using TinyMl.Nano.Boards;

namespace TinyMl.Nano.Apps.AnomalyDetection
{
    /// <summary>
    /// The button that starts a new calibration: the BOOT button of the Espressif DevKits (GPIO0,
    /// GPIO9 on the C3; free to read once the app runs), the blue USER button (PA0) of the
    /// STM32F769I-DISCOVERY. The M5Stack Core2's buttons are on its touch screen: none here, so
    /// it calibrates at first boot only (or delete I:\anomaly.cal).
    /// </summary>
    internal static class CalibrationButton
    {
        public static int PinOf(BoardDefinition board)
        {
            if (board == BoardCatalog.M5StackCore2)
            {
                return BoardDefinition.NoPin;
            }
            switch (board.Chip)
            {
                case BoardChip.Esp32:
                case BoardChip.Esp32S3:
                    return 0;
                case BoardChip.Esp32C3:
                    return 9;
                case BoardChip.Stm32F7:
                    return 0; // PA0 = port 0 * 16 + 0
                default:
                    return BoardDefinition.NoPin;
            }
        }

        /// <summary>The DevKits' BOOT buttons pull to ground; the DISCOVERY's USER button drives high.</summary>
        public static bool ActiveLow(BoardDefinition board)
        {
            return board.Chip != BoardChip.Stm32F7;
        }
    }
}
