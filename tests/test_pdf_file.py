"""render.pdf_file: the file layer under the one-card writer, combined files and booklets."""

from __future__ import annotations

import pikepdf

from cardmaker.render.pdf_file import PdfFile


def test_more_packed_objects_than_one_object_stream_holds_still_read_back(tmp_path):
    """A 1,000-exercise booklet has over 65,535 small objects; each must stay reachable."""
    pdf = PdfFile()
    catalog, info, pages = pdf.reserve(), pdf.reserve(), pdf.reserve()
    count = 65_536 + 123  # past what one stream's 2-byte index can address
    items = [pdf.reserve() for _ in range(count)]
    for k, num in enumerate(items):
        pdf.pack(num, f"<< /Value {k} >>")
    array = pdf.add(f"[{' '.join(f'{n} 0 R' for n in items)}]")
    pdf.put(pages, "<< /Type /Pages /Kids [] /Count 0 >>")
    pdf.put(info, "<< /Producer (test) >>")
    pdf.put(catalog, f"<< /Type /Catalog /Pages {pages} 0 R /Items {array} 0 R >>")
    path = tmp_path / "many.pdf"
    path.write_bytes(pdf.finish(catalog, info))
    with pikepdf.open(path) as doc:
        values = [int(item.Value) for item in doc.Root.Items]
    assert values == list(range(count))
