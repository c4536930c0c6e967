"""The French formats (``core.format``) as template filters: ``{% load ami_format %}``; and a text an
administrateur typed, with its little formatting (``core.balisage.mise_en_forme``)."""

from django import template

from core.balisage import mise_en_forme
from core.format import euros, nombre_decimal, pluriel_fr, pourcentage, taille_fichier

register = template.Library()

for filtre in (euros, pourcentage, taille_fichier, nombre_decimal, pluriel_fr, mise_en_forme):
    register.filter(filtre)
