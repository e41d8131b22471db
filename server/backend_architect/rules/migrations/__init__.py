"""BA8xx: the models against the migrations, and migrations that can take production down."""
