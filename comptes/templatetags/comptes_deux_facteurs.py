"""``{% etat_deux_facteurs compte as etat %}``: what the block of « Mon compte »
(``comptes/deux_facteurs/bloc_mon_compte.html``) shows of a person's second factor, read by the block itself
so that the page that includes it passes nothing."""

from django import template

from comptes import deux_facteurs

register = template.Library()


@register.simple_tag
def etat_deux_facteurs(compte):
    return deux_facteurs.etat(compte)
