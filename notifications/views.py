"""The « Notifications » page of every logged-in person: the list, newest first; opening one marks it read
and leads to the page concerned; « Tout marquer comme lu ». A person sees and marks only his own
(another's: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification

PAR_PAGE = 20


@login_required
def liste(request):
    notifications = Notification.objects.filter(destinataire=request.user).order_by("-creee_le", "-id")
    page = Paginator(notifications, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/liste.html",
        {"page": page, "non_lues": services.compter(request.user.pk)},
    )


@login_required
def ouvrir(request, pk: int):
    """GET: the notification read, and the page it names (a path of the portal only, never elsewhere)."""
    notification = get_object_or_404(Notification, pk=pk, destinataire=request.user)
    services.marquer_lue(notification)
    return redirect(services.lien_sur(notification.lien) or "notifications:liste")


@login_required
@require_POST
def tout_lu(request):
    nombre = services.tout_marquer_lu(request.user)
    if nombre:
        s = "s" if nombre > 1 else ""
        messages.success(request, f"{nombre} notification{s} marquée{s} comme lue{s}.")
    return redirect("notifications:liste")
