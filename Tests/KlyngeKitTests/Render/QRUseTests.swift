import Foundation
import Testing
@testable import KlyngeKit

/// Only the QR codes some template names are made; any document's code can still be placed.
@Suite struct QRUseTests {
    static let drejebog = "Content/packages/dosisdispensering/drejebog.md"

    @Test func aDocumentCanPrintAnotherDocumentsCode() throws {
        let tree = try TestTree()
        let text = try tree.read(Self.drejebog)
        try tree.write(Self.drejebog, text + "\nKode til kopien: {{qr.uddelingskopi.url}}\n")
        _ = try tree.buildSucceeds()
        let page = try String(contentsOf: tree.output.appendingPathComponent("\(TestTree.fiktivbyMeeting)/drejebog/index.html"), encoding: .utf8)
        #expect(page.contains("Kode til kopien: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/uddelingskopi/"))
    }

    @Test func aSectionOverAllCodesStillSeesEveryDocument() throws {
        let tree = try TestTree()
        let text = try tree.read(Self.drejebog)
        try tree.write(Self.drejebog, text + "\n{{#qr}}Kode: {{klyngepakke.url}}{{/qr}}\n")
        _ = try tree.buildSucceeds()
        let page = try String(contentsOf: tree.output.appendingPathComponent("\(TestTree.fiktivbyMeeting)/drejebog/index.html"), encoding: .utf8)
        #expect(page.contains("Kode: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/klyngepakke/"))
    }

    @Test func anUnknownDocumentsCodeFailsWithTheKnownOnesSuggested() throws {
        let tree = try TestTree()
        let text = try tree.read(Self.drejebog)
        try tree.write(Self.drejebog, text + "\n{{qr.uddelingskopy.url}}\n")
        let errors = try tree.buildFails()
        #expect(errors.contains { $0.message.contains("qr.uddelingskopy") && $0.message.contains("uddelingskopi") }, "\(errors)")
    }
}
