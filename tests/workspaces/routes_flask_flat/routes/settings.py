ACCOUNT_PREFIX = "/accounts"
READ_WRITE = ("GET", "POST")
