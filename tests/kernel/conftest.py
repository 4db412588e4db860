from tests.factories.world import fast_passwords

__all__ = ["fast_passwords"]
