"""The frames a worker pool's pipes carry (`graph/workers.py`): a message larger than a pipe's
buffer arrives whole; a pipe that ends between frames is EOF, one that ends inside a frame is an
error that says how much of it came. (A stop and continue during a real load:
tests/reliability/test_job_control.py.)"""

from __future__ import annotations

import os
import threading

import pytest

from therapykg.graph.workers import read_frame, write_frame


def test_a_message_larger_than_the_pipe_arrives_whole() -> None:
    message = {"nquads": os.urandom(3 << 20), "paths": [f"a{i}.txt" for i in range(1000)]}
    read_end, write_end = os.pipe()
    writer = threading.Thread(target=lambda: [write_frame(write_end, message) for _ in range(2)])
    writer.start()
    try:
        assert read_frame(read_end) == message
        assert read_frame(read_end) == message
    finally:
        writer.join()
        os.close(write_end)
    with pytest.raises(EOFError):
        read_frame(read_end)
    os.close(read_end)


def test_a_pipe_that_ends_inside_a_frame_says_so() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, (100).to_bytes(8, "little") + b"\x80\x05" + b"x" * 40)
    os.close(write_end)
    with pytest.raises(EOFError, match="inside a frame: 42 of 100 bytes"):
        read_frame(read_end)
    os.close(read_end)
