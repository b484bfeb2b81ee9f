from netan.cli.main import app

app(prog_name="netan")
