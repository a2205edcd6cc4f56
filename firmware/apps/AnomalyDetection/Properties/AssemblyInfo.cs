using System.Reflection;

[assembly: AssemblyTitle("AnomalyDetection")]
[assembly: AssemblyDescription("Anomaly detection: IMU -> features -> int8 autoencoder from the firmware's flash model table.")]
[assembly: AssemblyProduct("TinyMl.Nano")]
[assembly: AssemblyNativeVersion("1.0.0.0")]
