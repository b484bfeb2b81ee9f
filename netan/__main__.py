from netan.cli.main import run

run()
