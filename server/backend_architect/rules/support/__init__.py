"""What two or more rules share: helpers named for what they are, never a rule's module."""
