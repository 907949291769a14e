import Foundation

/// `klynge new package NAME`: a package folder that builds as it is, with one of each
/// kind of declaration (a register column, a measure, a partner role, a deadline), a
/// programme that adds up and two documents, all marked for the editor to rewrite.
/// docs/PACKAGES.md explains every key.
public enum PackageScaffold {
    public static func create(name: String, root: URL) throws(ClusterScaffold.Failure) -> [String] {
        guard Slug.isValid(name) else {
            throw .init(description: "'\(name)' is not a valid package name: use lower-case letters, digits and single hyphens, e.g. rationel-antibiotika")
        }
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Content").path) else {
            throw .init(description: "no Content/ folder here; use --root to name the folder that holds Content/ and Theme/")
        }
        let folder = "Content/packages/\(name)"
        try ClusterScaffold.requireNew(folder, root: root)
        let files = [
            ("\(folder)/package.yml", packageYAML(name)),
            ("\(folder)/programme.yml", programmeYAML),
            ("\(folder)/pakke.md", packageDocument),
            ("\(folder)/praksisark.md", practiceSheet),
        ]
        try ClusterScaffold.write(files, root: root)
        return files.map(\.0)
    }

    static func packageYAML(_ name: String) -> String {
        """
        # The package \(name). Rewrite every text; docs/PACKAGES.md explains each key.
        title: \(ClusterScaffold.name(for: name).dropFirst("Klynge ".count))
        subtitle: null
        duration_minutes: 150
        reviewer: null
        documents:
          - pakke
          - praksisark

        # The register extract each meeting brings: one row per provider number.
        register:
          file: practices.csv
          provider: { column: ydernummer, label: Ydernummer }
          denominator: { column: sikrede, label: Sikrede patienter }
          counts:
            - { column: antal, label: Patienter }
          period: { column: periode, label: Periode }

        # What the figures show: rate_per_1000 of the denominator, or share: { count:, of: }.
        measures:
          - id: antal
            rate_per_1000: antal
            title: Patienter pr. 1.000 sikrede
            source: "Kilde: registerudtræk"
            unit: Pr. 1.000 sikrede

        # The partners the package invites, with the words documents use about them.
        partners:
          - id: hospital
            indefinite: hospital
            definite: hospitalet
            required: false
            stand_in: coordinator

        leads:
          - { id: coordinator, label: Klyngekoordinator }
          - { id: all, label: Alle }

        deadlines:
          - id: order
            before: 8 weeks
            title: Bestil klyngepakken
            owner: Klyngekoordinatoren
          - id: follow_up
            after: 12 months
            title: Opfølgning på aftalerne
            owner: Klyngen
            calendar: true

        """
    }

    static let programmeYAML = """
        # The programme: the items' minutes add up to the blocks', and the blocks' to duration_minutes.
        blocks:
          - title: Introduktion
            minutes: 15
            items:
              - { title: Velkommen, minutes: 15, lead: coordinator }
          - title: Klyngens tal
            minutes: 60
            items:
              - { title: Tallene, minutes: 20, lead: coordinator }
              - { title: "Drøftelse med {partners}", minutes: 40, lead: all }
          - title: Pause
            pause: true
            minutes: 15
          - title: Aftaler
            minutes: 60
            items:
              - { title: Hvad gør vi anderledes?, minutes: 45, lead: all }
              - { title: Opsamling, minutes: 15, lead: coordinator }

        """

    static let packageDocument = """
        ---
        title: Klyngepakken
        description: Mødets baggrund, formål og tal.
        audience: klyngens medlemmer
        ---

        **{{package.title}}** er emnet for klyngemødet i {{cluster.name}} {{meeting.date}}, {{meeting.time_span}}.

        ## Klyngens tal

        {{> figure-antal}}

        ## Program

        {{> programme}}

        ## Opfølgning

        Klyngen følger op i {{deadlines.follow_up.month}}.

        """

    static let practiceSheet = """
        ---
        title: Praksisark
        description: Kontakter og links til mødet.
        audience: læger og personale
        ---

        ## Kontakter

        {{> contacts}}

        """
}
