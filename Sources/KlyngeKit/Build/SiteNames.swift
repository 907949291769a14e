/// The names the site writes for itself at its top level, in one place: the build
/// writes its own files under these names, and a cluster's folder (its slug, its
/// address `/<slug>/`) may be none of them, or it would collide or merge with them.
public enum SiteNames {
    public static let assets = "assets"
    public static let index = "index.html"
    public static let robots = "robots.txt"
    /// Klynge's own accessibility statement, `/tilgaengelighed/`.
    public static let accessibility = String(AccessibilityStatement.path.dropLast())
    /// The short address of the accessibility statement, `/was/` (WAS-Tool's convention).
    public static let accessibilityShort = String(AccessibilityStatement.shortPath.dropLast())
    /// `serve`'s own addresses (`/__klynge/…`), never in a built site.
    public static let serve = "__klynge"

    /// Every top-level name a cluster may not take.
    public static let reserved: Set<String> = [assets, index, robots, accessibility, accessibilityShort, serve, SiteWriter.siteMarker, SiteWriter.keysMarker]

    /// Why a cluster may not be called `slug`, or nil.
    public static func reservedProblem(_ slug: String) -> String? {
        guard reserved.contains(slug) else { return nil }
        let shown = reserved.filter(Slug.isValid).sorted().joined(separator: ", ")
        return "the cluster name '\(slug)' is one the site uses for itself (\(shown)); choose another name"
    }
}
