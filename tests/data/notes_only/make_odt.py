"""Write the OpenDocument notes of the community hubs test inquiry, byte for byte the same on every run.

    .venv/bin/python tests/data/notes_only/make_odt.py

The package is laid out as LibreOffice Writer saves it: an uncompressed `mimetype` entry first, then
manifest.rdf, meta.xml, settings.xml, content.xml, styles.xml and META-INF/manifest.xml. Each turn of
the notes is one <text:p> paragraph "Name: text"; in some the name is in a bold <text:span>, as when
the note-taker pressed Ctrl+B, and one paragraph holds a doubled space written as <text:s/>. Every
zip entry carries the same fixed timestamp.
"""

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

RAW = Path(__file__).resolve().parent / "raw"
PATH = RAW / "upper_mardale" / "Upper Mardale partnership meeting Nov 2025.odt"
STAMP = (2025, 11, 20, 16, 42, 8)
SAVED = "2025-11-20T16:42:08.413000000"
CREATED = "2025-11-19T13:05:51.226000000"

HEADING = "Upper Mardale Hub \u2013 partnership meeting"
INTRO = "19 November 2025, Mardale Village Hall, notes by Gwen Ashworth"
# (label, text, label in bold?)
TURNS = [
    ("Facilitator", "Opened the meeting and asked partners to reflect on the year.", False),
    (
        "Simon Garside",
        "Said the tenancy surgeries at the hub have worked far better than expected. Tenants raise repairs and rent arrears earlier because they trust the setting. Eight tenants referred to the hub\u2019s warm space in return.",
        True,
    ),
    (
        "Priti Shah",
        "Said the digital drop-in is the library\u2019s best-attended outreach in the county. Asked whether the hub could host a second session a month.",
        True,
    ),
    (
        "Gwen Ashworth",
        "Said volunteers are the limit. Edie has stepped back and two new volunteers from the Young Farmers have joined, but they are only available in the evenings.",
        True,
    ),
    (
        "Simon Garside",
        "Said his manager wants numbers for each surgery, and data sharing has become a sticking point \u2013 the housing association can\u2019t share tenant details with the hub without a formal agreement.",
        True,
    ),
    ("Facilitator", "Asked what would make the partnership stronger next year.", False),
    (
        "Priti Shah",
        "Said a shared calendar, and one joint monitoring form for all the partners instead of each organisation asking the hub for its own figures.",
        False,
    ),
    (
        "Edith Nuttall",
        "Said, speaking as someone who has stepped back, that the hub needs a paid coordinator for more than six hours a week. \u201cGwen does the work of three people.\u201d",
        False,
    ),
    (
        "Gwen Ashworth",
        "Said the heating oil bill has doubled and the hall committee has agreed to cap the hire fee for the hub until March.  Thanked everyone for coming.",
        False,
    ),
]

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:ooo="http://openoffice.org/2004/office" '
    'xmlns:officeooo="http://openoffice.org/2009/office" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'office:version="1.3"'
)


def text_xml(s):
    """Escape s; runs of spaces after the first become <text:s/> as LibreOffice writes them."""
    out, i = [], 0
    while i < len(s):
        if s[i] == " " and i + 1 < len(s) and s[i + 1] == " ":
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            n = j - i - 1
            out.append(" " + ("<text:s/>" if n == 1 else f'<text:s text:c="{n}"/>'))
            i = j
        else:
            out.append(escape(s[i]))
            i += 1
    return "".join(out)


def content():
    paras = [
        f'<text:h text:style-name="P2" text:outline-level="1">{text_xml(HEADING)}</text:h>',
        f'<text:p text:style-name="P3">{text_xml(INTRO)}</text:p>',
        '<text:p text:style-name="P1"/>',
    ]
    for label, words, bold in TURNS:
        if bold:
            body = f'<text:span text:style-name="T1">{escape(label)}:</text:span> {text_xml(words)}'
        else:
            body = f"{escape(label)}: {text_xml(words)}"
        paras.append(f'<text:p text:style-name="P1">{body}</text:p>')
    auto = (
        "<office:automatic-styles>"
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.212cm"/>'
        '<style:text-properties officeooo:rsid="0011a2b3" officeooo:paragraph-rsid="0011a2b3"/></style:style>'
        '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Heading_20_1">'
        '<style:text-properties officeooo:rsid="0011a2b3" officeooo:paragraph-rsid="0011a2b3"/></style:style>'
        '<style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:text-properties fo:font-style="italic" officeooo:paragraph-rsid="0011a2b3"/></style:style>'
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>'
        "</office:automatic-styles>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<office:document-content {NS}><office:scripts/>"
        '<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" '
        'style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>'
        f"{auto}<office:body><office:text>"
        '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Table"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Text"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Drawing"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>'
        + "".join(paras)
        + "</office:text></office:body></office:document-content>"
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f"<office:document-styles {NS}>"
    '<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" '
    'style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>'
    "<office:styles>"
    '<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" '
    'fo:font-size="12pt" fo:language="en" fo:country="GB"/></style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
    '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" '
    'style:next-style-name="Text_20_body" style:class="text"><style:text-properties fo:font-size="14pt"/></style:style>'
    '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" '
    'style:parent-style-name="Standard" style:class="text"/>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" '
    'style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="1" '
    'style:class="text"><style:text-properties fo:font-size="130%" fo:font-weight="bold"/></style:style>'
    "</office:styles>"
    '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
    'fo:page-width="21.001cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" '
    'fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>'
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>'
    "</office:document-styles>"
)

META = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:ooo="http://openoffice.org/2004/office" '
    'xmlns:grddl="http://www.w3.org/2003/g/data-view#" office:version="1.3"><office:meta>'
    f"<meta:creation-date>{CREATED}</meta:creation-date><dc:date>{SAVED}</dc:date>"
    "<meta:editing-duration>PT41M12S</meta:editing-duration><meta:editing-cycles>4</meta:editing-cycles>"
    "<meta:generator>LibreOffice/7.6.4.1$Windows_X86_64 LibreOffice_project/e19e193f88cd6c0525a17fb7a176ed8e6a3e2aa1</meta:generator>"
    "<dc:creator>Gwen Ashworth</dc:creator><meta:initial-creator>Gwen Ashworth</meta:initial-creator>"
    '<meta:document-statistic meta:table-count="0" meta:image-count="0" meta:object-count="0" meta:page-count="1" '
    'meta:paragraph-count="11" meta:word-count="262" meta:character-count="1523" meta:non-whitespace-character-count="1272"/>'
    "</office:meta></office:document-meta>"
)

SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:ooo="http://openoffice.org/2004/office" office:version="1.3"><office:settings>'
    '<config:config-item-set config:name="ooo:view-settings">'
    '<config:config-item config:name="ViewAreaTop" config:type="long">0</config:config-item>'
    '<config:config-item config:name="ViewAreaLeft" config:type="long">0</config:config-item>'
    "</config:config-item-set>"
    '<config:config-item-set config:name="ooo:configuration-settings">'
    '<config:config-item config:name="PrinterName" config:type="string"/>'
    "</config:config-item-set></office:settings></office:document-settings>"
)

MANIFEST_RDF = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '  <rdf:Description rdf:about="content.xml">\n'
    '    <rdf:type rdf:resource="http://docs.oasis-open.org/ns/office/1.2/meta/odf#ContentFile"/>\n'
    "  </rdf:Description>\n"
    '  <rdf:Description rdf:about="">\n'
    '    <ns0:hasPart xmlns:ns0="http://docs.oasis-open.org/ns/office/1.2/meta/pkg#" rdf:resource="content.xml"/>\n'
    "  </rdf:Description>\n"
    '  <rdf:Description rdf:about="">\n'
    '    <rdf:type rdf:resource="http://docs.oasis-open.org/ns/office/1.2/meta/pkg#Document"/>\n'
    "  </rdf:Description>\n"
    "</rdf:RDF>\n"
)

MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">\n'
    ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>\n'
    ' <manifest:file-entry manifest:full-path="manifest.rdf" manifest:media-type="application/rdf+xml"/>\n'
    ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
    "</manifest:manifest>\n"
)


def entry(z, name, data, stored=False):
    info = zipfile.ZipInfo(name, date_time=STAMP)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def main():
    PATH.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(PATH, "w") as z:
        entry(z, "mimetype", "application/vnd.oasis.opendocument.text", stored=True)
        entry(z, "manifest.rdf", MANIFEST_RDF)
        entry(z, "meta.xml", META)
        entry(z, "settings.xml", SETTINGS)
        entry(z, "content.xml", content())
        entry(z, "styles.xml", STYLES)
        entry(z, "META-INF/manifest.xml", MANIFEST)
    print(PATH)


if __name__ == "__main__":
    main()
