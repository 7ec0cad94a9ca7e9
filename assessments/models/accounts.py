"""Member states and the people who work for them.

A user belongs to at most one member state with one role. RSO staff and administrators
belong to none. Roles are checked on the server for every view (see assessments.access).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.country_names import member_state_name


class MemberStateManager(models.Manager):
    def get_by_natural_key(self, code: str) -> MemberState:
        return self.get(code=code)


class Subregion(models.TextChoices):
    """The parts of the region the regional view filters by (docs/regional.md)."""

    SOUTH_EAST_ASIA = "south_east_asia", _("South-East Asia")
    EAST_ASIA = "east_asia", _("East Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")
    PACIFIC = "pacific", _("Pacific")
    WEST_ASIA = "west_asia", _("West Asia and the Middle East")
    OTHER = "other", _("Other")


class MemberState(models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=3,
        unique=True,
        help_text=_("ISO 3166-1 alpha-3 code, e.g. “IDN”; X-codes for fictional demo states."),
    )
    name = models.CharField(_("name"), max_length=100)
    subregion = models.CharField(
        _("subregion"),
        max_length=20,
        choices=Subregion.choices,
        default=Subregion.OTHER,
        help_text=_("For the regional view's filters."),
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("A fictional member state for demonstrations.")
    )
    verified = models.BooleanField(
        _("verified by an administrator"),
        default=False,
        help_text=_("The shipped list comes from secondary sources; tick once checked."),
    )

    objects = MemberStateManager()

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (pycountry's catalogues; English: `name`). No query."""
        return member_state_name(self)

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")
    RSO = "rso", _("RSO staff")


MEMBER_STATE_ROLES = (Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.VIEWER)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> User:
        # Email addresses are matched without regard to case: Officer@X and officer@x are one.
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in with their email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Empty for RSO staff and administrators."),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        blank=True,
        help_text=_("Focal point, contributor or viewer of the member state; or RSO staff."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of this person's pages, reports and emails; empty: the browser's "
            "choice, else English. People set it with the language menu."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member_state__isnull=False, role__in=MEMBER_STATE_ROLES)
                    | Q(member_state__isnull=True, role__in=["", Role.RSO])
                ),
                name="assessments_user_role_matches_member_state",
                violation_error_message=_(
                    "A member state's user needs a member-state role; RSO staff and "
                    "administrators belong to no member state."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_focal_point(self) -> bool:
        return self.member_state_id is not None and self.role == Role.FOCAL_POINT

    @property
    def is_rso(self) -> bool:
        """Staff of the Regional Support Office: no member state, the RSO role."""
        return self.member_state_id is None and self.role == Role.RSO

    @property
    def can_edit_answers(self) -> bool:
        return self.member_state_id is not None and self.role in (
            Role.FOCAL_POINT,
            Role.CONTRIBUTOR,
        )


class Invitation(models.Model):
    """An invitation to join a member state's team, waiting for the address owner's answer.

    Every address a focal point adds gets one, whether or not it belongs to an account, so the
    focal point learns nothing about who holds it. The person joins only by accepting through
    the emailed link (assessments.team.invitations); until then nothing of an existing account
    changes. The link's secret is stored only as a hash.
    """

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(
        _("full name"), max_length=150, help_text=_("As the focal point typed it.")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))
    token_hash = models.CharField(_("link secret (hash)"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "email"], name="assessments_one_invitation_per_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.member_state}"
