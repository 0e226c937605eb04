"""Shipped resources are found in a checkout, and a `pip install .` carries them along."""

from __future__ import annotations

from framedesk.core.resources import resource, resources_dir, seeds_dir


def test_checkout_finds_codebooks_and_seeds() -> None:
    assert (resources_dir() / "codebooks" / "policy_frames.yaml").is_file()
    assert resource("icons", "framedesk.svg").read_text().lstrip().startswith("<?xml")
    assert sorted(p.name for p in seeds_dir().glob("*.txt")) == [
        "000_8eebfda767bfdce3.txt", "004_ee9365a6a5392e40.txt"]
