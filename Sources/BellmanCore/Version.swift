/// Bellman's version: what `bellman --version` prints. The one place it is written.
public enum BellmanVersion {
    public static let current = "0.1.0"
}
