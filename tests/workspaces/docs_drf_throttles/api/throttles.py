from rest_framework.throttling import UserRateThrottle


class BurstRateThrottle(UserRateThrottle):
    scope = "burst"


class FixedRateThrottle(UserRateThrottle):
    rate = "3/second"
