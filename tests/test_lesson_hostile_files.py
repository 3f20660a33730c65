"""Files that are not what a lesson file should be: endless, blocking, huge or nested past any
reason.  Each is refused with ``FILE:LINE:COL: message`` in bounded time and memory."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from gradviz.lesson import parser
from gradviz.lesson.parser import MAX_FILE_BYTES, LessonError, load_lesson, parse_lesson


def _refusal(path) -> str:
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    return str(info.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_file_is_read_up_to_the_limit_only(monkeypatch):
    read = []
    real_read = os.read
    monkeypatch.setattr(parser.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    assert _refusal("/dev/zero") == "/dev/zero:1:1: file is larger than the 1 MiB limit for " \
        "lesson files"
    assert sum(read) <= MAX_FILE_BYTES + 1


def test_a_big_file_is_read_up_to_the_limit_only(tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    read = []
    real_read = os.read
    monkeypatch.setattr(parser.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    assert "larger than the 1 MiB limit" in _refusal(path)
    assert sum(read) <= MAX_FILE_BYTES + 1


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs on Windows")
def test_a_fifo_no_one_writes_to_does_not_block(tmp_path):
    fifo = tmp_path / "lesson.toml"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_refusal(fifo)), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # blocked in open(): let it go before failing
        with open(fifo, "wb"):
            pass
        reader.join(5)
        pytest.fail("reading a FIFO blocked")
    assert outcome and outcome[0].startswith(f"{fifo}:1:1: ")


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs on Windows")
def test_a_fifo_whose_writer_never_writes_is_refused_in_bounded_time(tmp_path, monkeypatch):
    monkeypatch.setattr(parser, "SILENCE_S", 0.3)
    fifo = tmp_path / "lesson.toml"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that holds it open, silent
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_refusal(fifo)), daemon=True)
    try:
        reader.start()
        reader.join(5)
        if reader.is_alive():
            os.write(writer, b"x")
            pytest.fail("reading a FIFO with a silent writer blocked")
    finally:
        os.close(writer)
    assert outcome == [f"{fifo}:1:1: nothing arrived from this pipe or device for 0.3 s; "
                       "a lesson is a file"]


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs on Windows")
def test_a_fifo_whose_writer_sends_a_lesson_is_read(tmp_path):
    fifo = tmp_path / "lesson.toml"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    os.write(writer, (Path(__file__).resolve().parents[1] / "examples"
                      / "grafo_slide.toml").read_bytes())
    result = []
    reader = threading.Thread(target=lambda: result.append(load_lesson(fifo)), daemon=True)
    reader.start()
    time.sleep(0.2)
    os.close(writer)  # end of file for the reader
    reader.join(5)
    assert result and result[0].title.startswith("Grafo computacional")


@pytest.mark.parametrize("text", [
    "a = " + "[" * 600 + "]" * 600 + "\n",
    "[lesson]\na = " + "{b = " * 500 + "1" + "}" * 500 + "\n",
    "".join(f"[{'.'.join(['t'] * k)}]\n" for k in range(1, 3)) + "[" + ".".join(["t"] * 600)
    + "]\n",
])
def test_toml_nested_past_any_reason_is_an_error(text):
    with pytest.raises(LessonError) as info:
        parse_lesson(text, "deep.toml")
    assert str(info.value).startswith("deep.toml:")
