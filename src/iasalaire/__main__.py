from iasalaire.cli import main

main()
