from tracker.cli.app import run

run()
