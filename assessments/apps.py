from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AssessmentsConfig(AppConfig):
    # This module holds other apps' configs too: this one is the app's own.
    default = True
    name = "assessments"
    verbose_name = _("Assessments and accounts")

    def ready(self) -> None:
        # The framework's indicator pages list the practices library's entries through
        # roadmap's registry: roadmap never imports assessments.
        from assessments.practices.panels import indicator_panel
        from roadmap.extensions import register_indicator_panel

        register_indicator_panel(indicator_panel)
        self.ready_documents()

    def ready_documents(self) -> None:
        """Background documents: files go with their jobs, evidence content with its last row;
        the embedded queue's folder exists; /health/ asks whether workers take the jobs."""
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from assessments.evidence.models import EvidenceFile
        from assessments.evidence.services import delete_unused_content
        from assessments.jobs.health import workers_take_jobs
        from assessments.jobs.models import DocumentJob
        from assessments.jobs.services import delete_file
        from assessments.questionnaires import documents as questionnaires
        from assessments.regional import documents as regional
        from assessments.reports import documents as reports
        from assessments.sharing.models import Share
        from roadmap.extensions import register_queue_probe

        post_delete.connect(delete_file, sender=DocumentJob, dispatch_uid="document-job-file")
        post_delete.connect(
            delete_unused_content, sender=EvidenceFile, dispatch_uid="evidence-file-content"
        )
        register_queue_probe(workers_take_jobs)
        regional.register_kinds()
        reports.register_kinds()
        questionnaires.register_kinds()
        # A changed or withdrawn share takes the RSO's prepared copies of its workbook with it.
        for signal in (post_save, post_delete):
            signal.connect(
                regional.forget_drilldown_workbooks, sender=Share, dispatch_uid="regional-copies"
            )
        if settings.CELERY_BROKER_URL.startswith("filesystem:"):
            settings.QUEUE_DIR.mkdir(parents=True, exist_ok=True)


# Third-party apps under names an administrator understands: the admin home would otherwise
# show their labels, "AXES", "OTP_TOTP" and "OTP_STATIC". Labels (and so tables and
# migrations) stay theirs.


class SignInLockoutsConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor: recovery codes")
