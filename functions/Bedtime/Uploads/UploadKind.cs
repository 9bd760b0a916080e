namespace Bedtime.Uploads;

public enum UploadKind { Text, Image, Audio }
