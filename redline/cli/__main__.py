"""`python -m redline.cli`: the `redline` program."""

from redline.cli import run

if __name__ == "__main__":
    run()
