"""bench/load_cpu.py: the workers' CPU time per view, summed over a step."""

from types import SimpleNamespace

from bench.load_cpu import cpu_lines, cpu_table, post_request, pre_request


def test_cpu_is_summed_per_view_within_the_step_and_sorted(tmp_path):
    (tmp_path / "1.tsv").write_text(
        "100.0\tcatalogue:detail\t-\t-\t40.00\n"
        "101.0\tcatalogue:detail\thit\t-\t2.00\n"
        "102.0\tsearch:suggest\t-\t-\t10.00\n"
        "300.0\tcatalogue:detail\t-\t-\t999.00\n"  # after the step
    )
    (tmp_path / "2.tsv").write_text("103.0\tcatalogue:detail\t-\t-\t20.00\n")
    rows = cpu_table(tmp_path, 100.0, 200.0)
    assert [(r["view"], r["cache"], r["requests"]) for r in rows] == [
        ("catalogue:detail", "-", 2),
        ("search:suggest", "-", 1),
        ("catalogue:detail", "hit", 1),
    ]
    assert rows[0]["cpu_ms_each"] == 30.0
    assert round(rows[0]["share_pct"]) == 83  # 60 of 72 ms
    assert "| catalogue:detail | - | - | 2 | 30.0 | 0.06 | 83 % |" in cpu_lines(rows)


def test_the_hooks_write_one_line_per_request(tmp_path, monkeypatch):
    monkeypatch.setattr("bench.load_cpu.CPU_DIR", str(tmp_path))
    monkeypatch.setattr("bench.load_cpu.view_name", lambda path: "search:suggest")
    request = SimpleNamespace()
    pre_request(None, request)
    post_request(
        None,
        request,
        {"PATH_INFO": "/fr/search/suggest/", "HTTP_COOKIE": "oscar_open_basket=1"},
        SimpleNamespace(headers=[("X-Page-Cache", "hit")]),
    )
    (line,) = next(tmp_path.glob("*.tsv")).read_text().splitlines()
    assert line.split("\t")[1:4] == ["search:suggest", "hit", "basket"]
