import Foundation

/// The directory holding the bundled `*.toml` level files (the package's `levels/` folder,
/// copied next to the executable at build time).
public let bundledLevelDirectory: URL? = Bundle.module.resourceURL
