"""The French formats (``core.format``) as template filters: ``{% load ami_format %}``."""

from django import template

from core.format import euros, nombre_decimal, pluriel_fr, pourcentage, taille_fichier

register = template.Library()

for filtre in (euros, pourcentage, taille_fichier, nombre_decimal, pluriel_fr):
    register.filter(filtre)
