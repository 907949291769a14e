/// The fixed parts of the .pptx (theme, masters, layouts, properties) and the XML
/// helpers the writer shares. PresentationML as in ISO/IEC 29500; the parts that
/// PowerPoint's repair dialog is known to need are all here (a colour map on every
/// master, a layout rel back to its master, content types only for parts that exist).
enum OOXML {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    static let namespaces = #"xmlns:a="\#(a)" xmlns:r="\#(r)" xmlns:p="\#(p)""#
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let language = "da-DK"

    /// Text for XML content and attributes: the five special characters escaped, and
    /// characters XML 1.0 cannot hold at all (most C0 controls) left out.
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape or drop: it is returned as it is.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == 0xEF }) {
            return text
        }
        return escapeBytes(text)
    }

    /// `escapeScalars` over the UTF-8 bytes: the five characters as entities, the C0
    /// controls but tab, line feed and carriage return left out, and U+FFFE and U+FFFF
    /// (EF BF BE, EF BF BF) left out; a Swift string holds no surrogates.
    static func escapeBytes(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&apos;".utf8)
                case 0x09, 0x0A, 0x0D: out.append(byte)
                case ..<0x20: break
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    index += 2
                default: out.append(byte)
                }
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The plain version of `escape` and `escapeBytes`, scalar by scalar (they are compared in `OOXMLEscapeTests`).
    static func escapeScalars(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) || (0xD800...0xDFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    struct Relationship: Hashable, Sendable {
        var id: String
        var type: String
        var target: String
        var external = false
    }

    static func relationships(_ rels: [Relationship]) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for rel in rels {
            xml += #"<Relationship Id="\#(rel.id)" Type="\#(rel.type)" Target="\#(escape(rel.target))"\#(rel.external ? #" TargetMode="External""# : "")/>"#
        }
        return xml + "</Relationships>"
    }

    // MARK: fixed parts

    static let colourMap = #"<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#

    static func theme(name: String) -> String {
        func solid(_ colour: String) -> String { #"<a:solidFill><a:schemeClr val="\#(colour)"/></a:solidFill>"# }
        let line = #"<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">\#(solid("phClr"))<a:prstDash val="solid"/></a:ln>"#
        return declaration + #"""
        <a:theme xmlns:a="\#(a)" name="\#(name)"><a:themeElements><a:clrScheme name="Klynge"><a:dk1><a:srgbClr val="1B1F24"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="0B3D52"/></a:dk2><a:lt2><a:srgbClr val="E3EDF2"/></a:lt2><a:accent1><a:srgbClr val="4F7F99"/></a:accent1><a:accent2><a:srgbClr val="0B3D52"/></a:accent2><a:accent3><a:srgbClr val="7A8F9C"/></a:accent3><a:accent4><a:srgbClr val="A3B8C4"/></a:accent4><a:accent5><a:srgbClr val="4A5560"/></a:accent5><a:accent6><a:srgbClr val="DDE3E8"/></a:accent6><a:hlink><a:srgbClr val="0B5A8A"/></a:hlink><a:folHlink><a:srgbClr val="5A3D7A"/></a:folHlink></a:clrScheme><a:fontScheme name="Klynge"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Klynge"><a:fillStyleLst>\#(solid("phClr"))\#(solid("phClr"))\#(solid("phClr"))</a:fillStyleLst><a:lnStyleLst>\#(line)\#(line)\#(line)</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>\#(solid("phClr"))\#(solid("phClr"))\#(solid("phClr"))</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>
        """#
    }

    static func runProperties(size: Int? = nil, bold: Bool = false, colour: String? = nil) -> String {
        #"<a:defRPr lang="\#(language)"\#(size.map { #" sz="\#($0)""# } ?? "")\#(bold ? #" b="1""# : "")>\#(colour.map { #"<a:solidFill><a:srgbClr val="\#($0)"/></a:solidFill>"# } ?? "")<a:latin typeface="+mn-lt"/></a:defRPr>"#
    }

    static var masterTextStyles: String {
        var body = ""
        for level in 1...5 {
            let margin = 342900 * level
            body += #"<a:lvl\#(level)pPr marL="\#(margin)" indent="-342900"><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/>\#(runProperties(size: level == 1 ? 2400 : 2000, colour: "1B1F24"))</a:lvl\#(level)pPr>"#
        }
        return #"<p:txStyles><p:titleStyle><a:lvl1pPr algn="l"><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>\#(runProperties(size: 3600, bold: true, colour: "0B3D52"))</a:lvl1pPr></p:titleStyle><p:bodyStyle>\#(body)</p:bodyStyle><p:otherStyle><a:lvl1pPr>\#(runProperties(size: 1800))</a:lvl1pPr></p:otherStyle></p:txStyles>"#
    }

    static func placeholder(id: Int, name: String, type: String?, index: Int?, x: Int, y: Int, cx: Int, cy: Int, body: String? = nil) -> String {
        let ph = "<p:ph" + (type.map { #" type="\#($0)""# } ?? "") + (index.map { #" idx="\#($0)""# } ?? "") + "/>"
        return #"<p:sp><p:nvSpPr><p:cNvPr id="\#(id)" name="\#(escape(name))"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>\#(ph)</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="\#(x)" y="\#(y)"/><a:ext cx="\#(cx)" cy="\#(cy)"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>\#(body ?? #"<a:p><a:endParaRPr lang="\#(language)"/></a:p>"#)</p:txBody></p:sp>"#
    }

    static let groupProperties = #"<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>"#

    // Slide geometry, EMU (914,400 per inch): 16:9 at 13.33 × 7.5 inches.
    static let slideWidth = 12_192_000, slideHeight = 6_858_000
    static let margin = 609_600
    static let titleY = 342_900, titleHeight = 1_005_840
    static let contentY = 1_463_040
    static var contentWidth: Int { slideWidth - 2 * margin }
    static var contentHeight: Int { slideHeight - contentY - 457_200 }

    static var slideMaster: String {
        declaration + #"<p:sldMaster \#(namespaces)><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>\#(groupProperties)"#
            + placeholder(id: 2, name: "Titel", type: "title", index: nil, x: margin, y: titleY, cx: contentWidth, cy: titleHeight)
            + placeholder(id: 3, name: "Tekst", type: "body", index: 1, x: margin, y: contentY, cx: contentWidth, cy: contentHeight)
            + #"</p:spTree></p:cSld>\#(colourMap)<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/><p:sldLayoutId id="2147483650" r:id="rId2"/><p:sldLayoutId id="2147483651" r:id="rId3"/></p:sldLayoutIdLst>\#(masterTextStyles)</p:sldMaster>"#
    }

    enum Layout: Int, CaseIterable, Sendable {
        case title = 1, content, titleOnly

        var name: String {
            switch self {
            case .title: return "Titeldias"
            case .content: return "Titel og indhold"
            case .titleOnly: return "Kun titel"
            }
        }

        var type: String {
            switch self {
            case .title: return "title"
            case .content: return "obj"
            case .titleOnly: return "titleOnly"
            }
        }

        var xml: String {
            var shapes: String
            switch self {
            case .title:
                shapes = placeholder(id: 2, name: "Titel", type: "ctrTitle", index: nil, x: margin, y: 1_828_800, cx: contentWidth, cy: 1_463_040)
                    + placeholder(id: 3, name: "Undertitel", type: "subTitle", index: 1, x: margin, y: 3_429_000, cx: contentWidth, cy: 2_286_000)
            case .content:
                shapes = placeholder(id: 2, name: "Titel", type: "title", index: nil, x: margin, y: titleY, cx: contentWidth, cy: titleHeight)
                    + placeholder(id: 3, name: "Indhold", type: nil, index: 1, x: margin, y: contentY, cx: contentWidth, cy: contentHeight)
            case .titleOnly:
                shapes = placeholder(id: 2, name: "Titel", type: "title", index: nil, x: margin, y: titleY, cx: contentWidth, cy: titleHeight)
            }
            return declaration + #"<p:sldLayout \#(namespaces) type="\#(type)" preserve="1"><p:cSld name="\#(name)"><p:spTree>\#(groupProperties)\#(shapes)</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
        }
    }

    static var notesMaster: String {
        declaration + #"<p:notesMaster \#(namespaces)><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>\#(groupProperties)"#
            + #"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Diasbillede"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="381000" y="685800"/><a:ext cx="6096000" cy="3429000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></p:spPr></p:sp>"#
            + placeholder(id: 3, name: "Noter", type: "body", index: 3, x: 685800, y: 4_343_400, cx: 5_486_400, cy: 4_114_800)
            + #"</p:spTree></p:cSld>\#(colourMap)<p:notesStyle><a:lvl1pPr marL="0" algn="l">\#(runProperties(size: 1400))</a:lvl1pPr></p:notesStyle></p:notesMaster>"#
    }

    static let presentationProperties = declaration + #"<p:presentationPr \#(namespaces)/>"#
    static let viewProperties = declaration + #"<p:viewPr \#(namespaces)><p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr><p:gridSpacing cx="72008" cy="72008"/></p:viewPr>"#
    static let tableStyles = declaration + #"<a:tblStyleLst xmlns:a="\#(a)" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>"#
}
