public enum KlyngeVersion {
    public static let current = "0.1.0"
}
