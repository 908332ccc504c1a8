from iasalaire.entry import main

main()
