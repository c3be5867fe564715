print("nmt: in progress")
