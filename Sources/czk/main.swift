import ChuzhikaCLI

Czk.main()
