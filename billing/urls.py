from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.billing_home, name="home"),
    path("checkout/<slug:plan_code>/", views.checkout, name="checkout"),
    path("checkout-complete/", views.checkout_success, name="checkout_success"),
    path("checkout-cancelled/", views.checkout_cancelled, name="checkout_cancelled"),
    path("portal/", views.portal, name="portal"),
    path("invoices/<str:invoice_id>/", views.invoice, name="invoice"),
    path("webhook/", views.stripe_webhook, name="webhook"),
]
