/// Everything the build knows after the model stage: typed, validated values.
public struct SiteContent: Sendable {
    public var site: Site
    public var regions: [Region]
    public var packages: [String: ClusterPackage]
    public var clusters: [Cluster]
}
