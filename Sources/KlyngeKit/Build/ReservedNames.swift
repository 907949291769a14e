/// Names the site writes at its top level for itself: a cluster may not take one.
enum ReservedNames {
    static let site: [String: String] = [
        "assets": "the folder of the site's stylesheets and scripts",
        "index.html": "the site's front page",
        "robots.txt": "the site's note to search engines",
        String(AccessibilityStatement.path.dropLast()): "the address of the accessibility statement",
        "was": "the short address of the accessibility statement",
    ]

    /// What the name is taken by, or nil when a cluster may use it.
    static func clash(_ name: String) -> String? { site[name] }
}
