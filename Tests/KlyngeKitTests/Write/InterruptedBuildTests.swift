import Foundation
import Testing
@testable import KlyngeKit

/// A build killed at any moment leaves the previous site whole, and the next
/// build clears whatever the killed one left behind.
@Suite struct InterruptedBuildTests {
    @Test func killedBuildsLeaveAWholeSite() throws {
        let tree = try TestTree()
        try tree.addCopiesOfTheExampleCluster(60)
        try tree.buildSucceeds()
        let old = try tree.snapshot()

        let document = "Content/packages/dosisdispensering/praksisark.md"
        try tree.write(document, try tree.read(document) + "\nEn ny linje.\n")
        let newOutput = tree.url("expected-new")
        guard case .success = SiteBuilder.build(BuildOptions(root: tree.root, output: newOutput)) else {
            Issue.record("the changed tree must build")
            return
        }
        let new = try tree.snapshot("expected-new")
        #expect(new != old)

        for delay in [0, 40, 120, 250, 400, 550, 700, 800, 900, 1000, 1100, 1250] {
            let process = Process()
            process.executableURL = KlyngeProcess.binary
            process.arguments = ["build", "--root", tree.root.path, "--quiet"]
            try process.run()
            usleep(useconds_t(delay * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try tree.snapshot()
            #expect(now == old || now == new, "after a kill at \(delay) ms the site is the old or the new one, whole")
        }

        try tree.buildSucceeds()
        #expect(try tree.snapshot() == new)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix("._site") }
        #expect(leftovers.isEmpty, "leftovers: \(leftovers)")
    }
}
