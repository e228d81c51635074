from lesaitutte_cli.cli import main

main()
